// Assembles the initramfs root from the extracted Debian packages, the host's node, the agent
// bundle and the init: picks the binaries, their shared libraries and the kernel modules (with their
// dependencies), checks that no shell or package manager got in and that every library resolves,
// and writes the newc cpio archive and the file list. Called by images/build.sh.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCpio } from './lib/cpio.mjs';

const { values: args } = parseArgs({
  options: Object.fromEntries(
    ['stage', 'kver', 'init', 'node', 'dist', 'modules', 'rootfs', 'cpio', 'list', 'grub'].map((k) => [
      k,
      { type: 'string' },
    ]),
  ),
});
for (const [k, v] of Object.entries(args)) if (!v) throw new Error(`--${k} is required`);
const { stage, kver, rootfs } = args;
const LIBDIR = 'usr/lib/x86_64-linux-gnu';
const LDSO = 'ld-linux-x86-64.so.2';

rmSync(rootfs, { recursive: true, force: true });
const at = (p) => join(rootfs, p);
const mkdir = (p, mode = 0o755) => {
  mkdirSync(at(p), { recursive: true });
  chmodSync(at(p), mode);
};
const link = (target, p) => {
  mkdirSync(dirname(at(p)), { recursive: true });
  symlinkSync(target, at(p));
};
const copy = (src, p, mode) => {
  mkdirSync(dirname(at(p)), { recursive: true });
  copyFileSync(src, at(p));
  if (mode !== undefined) chmodSync(at(p), mode);
};

// ---- Layout: merged /usr; mount points for what init mounts. ----
for (const d of ['usr/bin', 'usr/sbin', LIBDIR, 'usr/lib64']) mkdir(d);
link('usr/bin', 'bin');
link('usr/sbin', 'sbin');
link('usr/lib', 'lib');
link('usr/lib64', 'lib64');
for (const d of ['proc', 'sys', 'dev', 'run', 'var', 'etc', 'opt']) mkdir(d);
mkdir('tmp', 0o1777);
mkdir('system', 0o700);
mkdir('root', 0o700);

// ---- Programs. ----
copy(args.init, 'init', 0o755);
copy(args.node, 'usr/bin/node', 0o755);
// Node builds often keep their symbol tables and debug info (12 MiB here); nothing in the image reads them.
try {
  execFileSync('strip', ['--strip-unneeded', at('usr/bin/node')]);
} catch (err) {
  console.warn(`warning: node left unstripped (${err.message.split('\n')[0]})`);
}
const programs = {
  'usr/bin/kmod': 'usr/bin/kmod',
  'usr/bin/ip': 'usr/bin/ip',
  'usr/bin/etcd': 'usr/bin/etcd',
  'usr/bin/containerd': 'usr/bin/containerd',
  'usr/bin/containerd-shim-runc-v2': 'usr/bin/containerd-shim-runc-v2',
  // Image pulls into containerd (the ImageService, talosctl upgrade's first step; the kubelet image).
  'usr/bin/ctr': 'usr/bin/ctr',
  'usr/sbin/runc': 'usr/bin/runc',
  // The network: WireGuard links' configuration, the shared VIP's gratuitous ARP.
  'usr/bin/wg': 'usr/bin/wg',
  'usr/bin/arping': 'usr/bin/arping',
  // The installer's tools: partitions, file systems, mounts, the EFI partition's FAT.
  'usr/sbin/wipefs': 'usr/sbin/wipefs',
  'usr/bin/partx': 'usr/sbin/partx',
  'usr/bin/mount': 'usr/bin/mount',
  'usr/bin/umount': 'usr/bin/umount',
  'usr/sbin/mkfs.xfs': 'usr/sbin/mkfs.xfs',
  'usr/sbin/mkfs.fat': 'usr/sbin/mkfs.vfat',
  'usr/bin/mtools': 'usr/bin/mtools',
  // Volumes: LUKS2, growing XFS, ext4 user volumes.
  'usr/sbin/cryptsetup': 'usr/sbin/cryptsetup',
  'usr/sbin/xfs_growfs': 'usr/sbin/xfs_growfs',
  'usr/sbin/mke2fs': 'usr/sbin/mkfs.ext4',
  'usr/sbin/resize2fs': 'usr/sbin/resize2fs',
};
for (const [from, to] of Object.entries(programs)) copy(join(stage, from), to, 0o755);
for (const tool of ['mmd', 'mcopy']) link('mtools', `usr/bin/${tool}`);
// mtools converts FAT names through the DOS code page 850, which glibc's iconv loads as a module.
copy(join(stage, LIBDIR, 'gconv/IBM850.so'), join(LIBDIR, 'gconv/IBM850.so'));
writeFileSync(
  at(join(LIBDIR, 'gconv/gconv-modules')),
  'alias CP850// IBM850//\nmodule IBM850// INTERNAL IBM850 1\nmodule INTERNAL IBM850// IBM850 1\n',
);
// GRUB's images and modules for the installer (images/grub-assets.ts made them).
for (const file of walk(args.grub)) copy(join(args.grub, file), join('usr/lib/talos-ts/grub', file));
for (const tool of ['modprobe', 'insmod', 'rmmod', 'lsmod', 'modinfo', 'depmod'])
  link('../bin/kmod', `usr/sbin/${tool}`);

// ---- The agent: its loader, the bundle and its code cache, without source maps. ----
for (const file of walk(args.dist)) {
  if (file.endsWith('.map')) continue;
  copy(join(args.dist, file), join('usr/lib/talos-ts', file));
}

// ---- CA bundle (what update-ca-certificates would generate) and os-release. ----
const certDir = join(stage, 'usr/share/ca-certificates');
const certs = walk(certDir)
  .filter((f) => f.endsWith('.crt'))
  .sort()
  .map((f) => readFileSync(join(certDir, f), 'utf8').trimEnd() + '\n');
mkdir('usr/share/ca-certificates');
writeFileSync(at('usr/share/ca-certificates/ca-certificates.crt'), certs.join(''));
writeFileSync(
  at('usr/lib/os-release'),
  'NAME="talos-ts"\nID=talos\nPRETTY_NAME="talos-ts (Talos v1.13 compatible)"\nHOME_URL="https://www.talos.dev/"\n',
);

// ---- Kernel modules and their dependencies. ----
const modSrc = join(stage, 'usr/lib/modules', kver);
kmod(stage, ['depmod', '-b', join(stage, 'usr'), kver]);
const modules = selectModules(modSrc, readFileSync(args.modules, 'utf8'));
for (const rel of modules) copy(join(modSrc, rel), join('usr/lib/modules', kver, rel));
for (const f of ['modules.builtin', 'modules.builtin.modinfo', 'modules.order'])
  copy(join(modSrc, f), join('usr/lib/modules', kver, f));
kmod(stage, ['depmod', '-b', join(rootfs, 'usr'), kver]);

// ---- Shared libraries: the closure of every ELF's NEEDED, from the packages. ----
const libSearch = [join(stage, LIBDIR), join(stage, 'usr/lib')];
const copied = new Set();
const queue = walk(rootfs).filter((f) => isElf(at(f)));
while (queue.length > 0) {
  const file = queue.pop();
  for (const soname of needed(at(file))) {
    if (copied.has(soname)) continue;
    const src = libSearch.map((d) => join(d, soname)).find((p) => existsSync(p));
    if (!src) throw new Error(`${file} needs ${soname}, which no pinned package provides`);
    copy(src, join(LIBDIR, soname), 0o755);
    copied.add(soname);
    queue.push(join(LIBDIR, soname));
  }
}

if (!copied.has(LDSO)) copy(join(stage, LIBDIR, LDSO), join(LIBDIR, LDSO), 0o755);
link(`../lib/x86_64-linux-gnu/${LDSO}`, `usr/lib64/${LDSO}`);

// ---- Checks: nothing a user could run a shell or install software with. ----
const FORBIDDEN = /^(sh|bash|dash|ash|zsh|busybox|toybox|apt|apt-get|dpkg|dpkg-deb|rpm|yum|dnf|pip|npm|npx)$/;
const entries = walk(rootfs, true);
const bad = entries.filter((f) => FORBIDDEN.test(basename(f)));
if (bad.length > 0) throw new Error(`the image must not contain ${bad.join(', ')}`);

// ---- The archive and the file list. ----
const list = writeCpio(rootfs, entries, args.cpio, [
  { path: 'dev/console', type: 'c', mode: 0o600, major: 5, minor: 1 },
]);
writeFileSync(args.list, list.map((e) => formatEntry(e)).join('\n') + '\n');
const total = list.reduce((n, e) => n + e.size, 0);
console.log(
  `image: ${list.length} entries, ${modules.length} kernel modules, ${(total / 2 ** 20).toFixed(1)} MiB of files`,
);

function formatEntry(e) {
  const target = e.target ? ` -> ${e.target}` : '';
  return `${e.type} ${e.size} /${e.path}${target}`;
}

/** Every path under root (relative), files and symlinks (and directories when withDirs). */
function walk(root, withDirs = false) {
  const out = [];
  const visit = (rel) => {
    for (const name of readdirSync(join(root, rel))) {
      const p = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(root, p));
      if (st.isDirectory()) {
        if (withDirs) out.push(p);
        visit(p);
      } else out.push(p);
    }
  };
  visit('');
  return out.sort();
}

function isElf(path) {
  const st = lstatSync(path);
  if (!st.isFile() || st.size < 4) return false;
  const head = readFileSync(path).subarray(0, 4);
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])) && !path.endsWith('.ko');
}

function needed(path) {
  const out = execFileSync('readelf', ['-d', '-W', path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return [...out.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
}

/** Runs the packaged kmod against the packaged libraries (the host may have no kmod). */
function kmod(stageDir, argv) {
  const libs = [join(stageDir, LIBDIR)].join(':');
  execFileSync(
    join(stageDir, LIBDIR, LDSO),
    ['--library-path', libs, '--argv0', argv[0], join(stageDir, 'usr/bin/kmod'), ...argv.slice(1)],
    {
      stdio: 'inherit',
    },
  );
}

/** The module files (relative to the module dir) for the wanted names, with dependencies. */
function selectModules(modDir, wantedText) {
  const norm = (n) => n.replace(/-/g, '_');
  const dep = new Map(); // name -> { path, deps: [path] }
  for (const line of readFileSync(join(modDir, 'modules.dep'), 'utf8').split('\n')) {
    const [path, rest] = line.split(':');
    if (!path || rest === undefined) continue;
    dep.set(norm(basename(path).replace(/\.ko(\.\w+)?$/, '')), {
      path,
      deps: rest.trim().split(/\s+/).filter(Boolean),
    });
  }
  const nameOf = (path) => norm(basename(path).replace(/\.ko(\.\w+)?$/, ''));
  const softdeps = new Map();
  for (const line of readFileSync(join(modDir, 'modules.softdep'), 'utf8').split('\n')) {
    const m = /^softdep\s+(\S+)\s+(.*)$/.exec(line);
    if (m)
      softdeps.set(
        norm(m[1]),
        m[2]
          .split(/\s+/)
          .filter((w) => !w.endsWith(':'))
          .map(norm),
      );
  }
  const builtin = new Set(
    readFileSync(join(modDir, 'modules.builtin'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((p) => norm(basename(p).replace(/\.ko$/, ''))),
  );
  // Soft dependencies often name an alias (`crc32c`, `crypto-crc32c`): every module it stands for.
  const aliases = new Map();
  for (const line of readFileSync(join(modDir, 'modules.alias'), 'utf8').split('\n')) {
    const m = /^alias\s+(\S+)\s+(\S+)$/.exec(line);
    if (m && !m[1].includes('*')) aliases.set(norm(m[1]), [...(aliases.get(norm(m[1])) ?? []), norm(m[2])]);
  }
  const chosen = new Set();
  const add = (name, from) => {
    const entry = dep.get(name);
    if (!entry && from === 'softdep' && aliases.has(name)) {
      for (const target of aliases.get(name)) add(target, 'dep');
      return;
    }
    if (!entry) {
      if (!builtin.has(name) && from === 'list') console.warn(`warning: kernel module ${name} not found`);
      return;
    }
    if (chosen.has(entry.path)) return;
    chosen.add(entry.path);
    for (const d of entry.deps) add(nameOf(d), 'dep');
    for (const s of softdeps.get(name) ?? []) add(s, 'softdep');
  };
  for (const raw of wantedText.split('\n')) {
    const name = raw.replace(/#.*/, '').trim();
    if (name) add(norm(name), 'list');
  }
  return [...chosen].sort();
}
