// The network boot assets: _out/ipxe.script, an iPXE script that loads vmlinuz-amd64 and
// initramfs-amd64.xz from next to itself (whatever it was fetched with: TFTP, HTTP), and _out/pxe/,
// a directory to serve as is over TFTP or HTTP (the script, the kernel and the initramfs).
//
//   node images/pxe.mjs [--out _out] [--config-url URL] [--dir DIR]
//
// With --dir, only that directory is written (the script, and links to the kernel and initramfs).
//
// The config URL: by default the script boots with talos.config=${talos-config}, an iPXE setting
// that the operator provides (an embedded script, `set talos-config http://…` at the iPXE prompt, a
// DHCP option, or by editing the script); unset, the node boots with talos.config=none and waits in
// maintenance mode for `talosctl apply-config --insecure`. --config-url writes a fixed URL instead.
import { copyFileSync, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { KERNEL_ARGS, talosVersion } from './iso.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const KERNEL_FILE = 'vmlinuz-amd64';
export const INITRAMFS_FILE = 'initramfs-amd64.xz';
export const SCRIPT_FILE = 'ipxe.script';

/** The iPXE script; `configUrl` fixes talos.config=, otherwise the `talos-config` setting does. */
export function ipxeScript({ configUrl, version = talosVersion(), extraArgs = [] } = {}) {
  if (configUrl !== undefined && !/^https?:\/\/[^\s"'${}]+$/.test(configUrl))
    throw new Error('the config URL must be an http(s) URL without spaces, quotes, $ or braces');
  for (const a of extraArgs)
    if (!/^[^\s"'${}]+$/.test(a))
      throw new Error(`kernel argument ${JSON.stringify(a)} cannot go in the script`);
  const args = [
    ...KERNEL_ARGS,
    ...extraArgs,
    `talos.config=${configUrl ?? '${talos-config}'}`,
    // The EFI stub of the kernel finds the initrd by this name when iPXE runs under UEFI.
    `initrd=${INITRAMFS_FILE}`,
  ];
  return [
    '#!ipxe',
    `# Talos ${version} (talos-ts), metal amd64: boots the kernel and initramfs next to this script.`,
    ...(configUrl === undefined
      ? [
          '# Set talos-config to the machine config URL; unset, the node waits in maintenance mode.',
          'isset ${talos-config} || set talos-config none',
        ]
      : []),
    'imgfree',
    `kernel ${KERNEL_FILE} ${args.join(' ')}`,
    `initrd ${INITRAMFS_FILE}`,
    'boot',
    '',
  ].join('\n');
}

/** Hard-links (or copies) the kernel and initramfs into `dir` and writes the script there. */
export function writePxeTree({ out, dir, script }) {
  mkdirSync(dir, { recursive: true });
  for (const f of [KERNEL_FILE, INITRAMFS_FILE]) {
    const dst = join(dir, f);
    rmSync(dst, { force: true });
    try {
      linkSync(join(out, f), dst);
    } catch {
      copyFileSync(join(out, f), dst);
    }
  }
  writeFileSync(join(dir, SCRIPT_FILE), script);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, '_out') },
      dir: { type: 'string' },
      'config-url': { type: 'string' },
    },
  });
  try {
    const out = resolve(values.out);
    for (const f of [KERNEL_FILE, INITRAMFS_FILE])
      if (!statSync(join(out, f), { throwIfNoEntry: false })) throw new Error(`${join(out, f)} is missing`);
    const script = ipxeScript({ configUrl: values['config-url'] });
    if (values.dir) {
      // Only the tree asked for (e.g. a test's TFTP root with its own config URL).
      writePxeTree({ out, dir: resolve(values.dir), script });
    } else {
      writeFileSync(join(out, SCRIPT_FILE), script);
      writePxeTree({ out, dir: join(out, 'pxe'), script });
      console.log(`ipxe.script:         ${join(out, SCRIPT_FILE)} (TFTP/HTTP tree: ${join(out, 'pxe')})`);
    }
  } catch (e) {
    console.error(`images/pxe.mjs: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
