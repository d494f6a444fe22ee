// Builds _out/metal-amd64.iso from the image's kernel and initramfs: an El Torito CD that boots under
// BIOS (GRUB's i386-pc El Torito image) and UEFI (an EFI system partition image with
// EFI/BOOT/BOOTX64.EFI), hybrid so that it also boots written to a USB stick. Holds /boot/vmlinuz,
// /boot/initramfs.xz and /boot/grub/grub.cfg (images/iso/grub.cfg) with Talos's ISO menu.
// Made by grub-mkrescue, which drives xorriso and mtools (as Talos's imager does).
//
//   node images/iso.mjs [--out _out] [--kernel …] [--initramfs …] [--output …/metal-amd64.iso]
//
// SOURCE_DATE_EPOCH (default: the last commit's time) fixes the file and volume dates.
// Also exports the kernel arguments the ISO and the PXE script (images/pxe.mjs) share.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The kernel arguments of Talos's metal images (v1.13, amd64), without its IMA ones (the image has no
 * IMA policy). The consoles are in the other order than Talos's: the kernel's last console= is
 * /dev/console, where the init and the agent write, and the serial console is the one a headless
 * machine (and the QEMU tests) can read.
 */
export const KERNEL_ARGS = [
  'talos.platform=metal',
  'console=tty0',
  'console=ttyS0',
  'init_on_alloc=1',
  'slab_nomerge',
  'pti=on',
  'consoleblank=0',
  'nvme_core.io_timeout=4294967295',
  'printk.devkmsg=on',
];

/** The Talos version the agent reports (src/apps/machined/version-info.ts). */
export function talosVersion() {
  const src = readFileSync(join(ROOT, 'src/apps/machined/version-info.ts'), 'utf8');
  const m = /TALOS_VERSION\s*=\s*'(v[^']+)'/.exec(src);
  if (!m) throw new Error('TALOS_VERSION not found in src/apps/machined/version-info.ts');
  return m[1];
}

/** Talos's ISO volume ID for a version: `Talos-<version>` upper-cased, other characters as `_`. */
export function volumeId(version) {
  return `Talos-${version}`
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_')
    .slice(0, 32);
}

/** GRUB's single-quoting of one word. */
const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

export function renderGrubConfig(cmdline) {
  const template = readFileSync(join(ROOT, 'images/iso/grub.cfg'), 'utf8');
  return template.replaceAll('@CMDLINE@', cmdline.map(quote).join(' '));
}

function need(cmd, pkg) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0)
    throw new Error(`${cmd} is missing: apt-get install -y --no-install-recommends ${pkg}`);
}

function epoch() {
  if (process.env.SOURCE_DATE_EPOCH) return Number(process.env.SOURCE_DATE_EPOCH);
  try {
    return Number(
      execFileSync('git', ['-C', ROOT, 'log', '-1', '--format=%ct'], { encoding: 'utf8' }).trim(),
    );
  } catch {
    return 0;
  }
}

/** Hard-links `src` to `dst` (no copy of 70 MB when both are on one file system), else copies. */
function place(src, dst) {
  mkdirSync(dirname(dst), { recursive: true });
  try {
    linkSync(src, dst);
  } catch {
    copyFileSync(src, dst);
  }
}

/**
 * mformat gives the EFI image's FAT a random volume serial, the one thing that differs between two
 * builds of the same inputs: set it from the build epoch. The EFI image is the El Torito entry of
 * platform 0xef; its boot sector holds the serial at byte 0x27 (FAT12/16).
 */
function pinEfiSerial(iso, when) {
  const SECTOR = 2048;
  const fd = openSync(iso, 'r+');
  try {
    const read = (offset, length) => {
      const b = Buffer.alloc(length);
      readSync(fd, b, 0, length, offset);
      return b;
    };
    const br = read(17 * SECTOR, SECTOR);
    if (br.toString('latin1', 7, 30) !== 'EL TORITO SPECIFICATION')
      throw new Error('no El Torito boot record');
    const catalog = read(br.readUInt32LE(0x47) * SECTOR, SECTOR);
    for (let off = 64; off + 64 <= SECTOR; off += 32) {
      if ((catalog[off] !== 0x90 && catalog[off] !== 0x91) || catalog[off + 1] !== 0xef) continue;
      const fat = catalog.readUInt32LE(off + 32 + 8) * SECTOR;
      if (read(fat + 0x36, 4).toString('latin1') !== 'FAT1') throw new Error('the EFI image is not FAT12/16');
      const serial = Buffer.alloc(4);
      serial.writeUInt32LE(when >>> 0);
      writeSync(fd, serial, 0, 4, fat + 0x27);
      return;
    }
    throw new Error('no EFI El Torito entry');
  } finally {
    closeSync(fd);
  }
}

export function buildIso({ kernel, initramfs, output, version = talosVersion() }) {
  need('grub-mkrescue', 'grub-common');
  need('xorriso', 'xorriso');
  need('mformat', 'mtools');
  for (const dir of ['i386-pc', 'x86_64-efi'])
    if (!statSync(join('/usr/lib/grub', dir), { throwIfNoEntry: false })?.isDirectory())
      throw new Error(`/usr/lib/grub/${dir} is missing: apt-get install -y grub-pc-bin grub-efi-amd64-bin`);

  for (const f of [kernel, initramfs])
    if (!statSync(f, { throwIfNoEntry: false })?.isFile())
      throw new Error(`${f} is missing: run images/build.sh`);
  const stage = mkdtempSync(join(tmpdir(), 'talos-iso-'));
  try {
    // The kernel and initramfs keep their own times (hard links); xorriso's all_file_dates below
    // sets every date in the image anyway.
    place(kernel, join(stage, 'boot/vmlinuz'));
    place(initramfs, join(stage, 'boot/initramfs.xz'));
    mkdirSync(join(stage, 'boot/grub'), { recursive: true });
    writeFileSync(join(stage, 'boot/grub/grub.cfg'), renderGrubConfig(KERNEL_ARGS));
    const when = epoch();
    utimesSync(join(stage, 'boot/grub/grub.cfg'), when, when);
    utimesSync(join(stage, 'boot/grub'), when, when);

    const label = `Talos-${version}`;
    const uuidDate = new Date(when * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '00';
    // Written next to the output and renamed, so a failed build leaves no half ISO behind.
    const partial = `${output}.partial`;
    rmSync(partial, { force: true });
    const args = [
      '--compress=xz',
      // The menu is text; no fonts, themes or translations.
      '--fonts=',
      '--themes=',
      '--locales=',
      `--output=${partial}`,
      stage,
      '-iso-level',
      '3',
      '--',
      '-volid',
      volumeId(version),
      '-volset-id',
      label,
      '-volume_date',
      'all_file_dates',
      `=${when}`,
      '-volume_date',
      'uuid',
      uuidDate,
    ];
    const r = spawnSync('grub-mkrescue', args, {
      encoding: 'utf8',
      env: { ...process.env, SOURCE_DATE_EPOCH: String(when) },
    });
    if (r.status !== 0) {
      rmSync(partial, { force: true });
      throw new Error(`grub-mkrescue failed (${r.status}):\n${r.stderr}`);
    }
    pinEfiSerial(partial, when);
    renameSync(partial, output);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return { output, size: statSync(output).size, volid: volumeId(version) };
}

const mib = (n) => `${(n / 1024 / 1024).toFixed(1)}MiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(ROOT, '_out') },
      kernel: { type: 'string' },
      initramfs: { type: 'string' },
      output: { type: 'string' },
    },
  });
  const out = resolve(values.out);
  let r;
  try {
    r = buildIso({
      kernel: values.kernel ?? join(out, 'vmlinuz-amd64'),
      initramfs: values.initramfs ?? join(out, 'initramfs-amd64.xz'),
      output: values.output ?? join(out, 'metal-amd64.iso'),
    });
  } catch (e) {
    console.error(`images/iso.mjs: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
  console.log(`metal-amd64.iso:     ${mib(r.size)} (volume ${r.volid}; BIOS + UEFI, hybrid)`);
}
