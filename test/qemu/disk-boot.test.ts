// A disk made by the installer boots under both firmwares: SeaBIOS runs our boot sector, which loads
// GRUB's core image from the BIOS partition; OVMF runs EFI/BOOT/BOOTX64.EFI. Either GRUB finds BOOT by
// label, shows the slot-A entry and starts the image's kernel with the command line we installed.
// The initramfs here is a placeholder: the kernel panics at the root mount and the guest exits.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installToDisk } from '../../src/install/install-disk';
import { createLogger } from '../../src/log';
import { requireFile, requireRoot, requireTools } from '../harness/tools';
import { Guest, KERNEL, requireImage, within } from './harness';

const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
const CMDLINE = 'console=ttyS0 talos.platform=metal panic=-1';

/** Boots the disk through `firmware` until the guest exits (it panics without a root); its console. */
async function boot(disk: string, firmware: string[]): Promise<string> {
  const guest = await Guest.boot({ disk, media: firmware });
  try {
    await within(240_000, () =>
      guest.stopped ? Promise.resolve() : Promise.reject(new Error('still running')),
    );
    return guest.console();
  } finally {
    await guest.stop();
  }
}

describe('a disk from the installer boots (QEMU, TCG)', () => {
  let dir: string;
  let disk: string;

  beforeAll(async () => {
    requireImage();
    requireRoot('installing to a loop device');
    requireTools('qemu-system-x86_64', 'losetup', 'mkfs.xfs', 'mkfs.vfat', 'mcopy', 'grub-mkimage');
    dir = mkdtempSync(join(tmpdir(), 'disk-boot-'));
    disk = join(dir, 'disk.img');
    writeFileSync(disk, '');
    truncateSync(disk, 6 * 1024 ** 3);
    writeFileSync(join(dir, 'initramfs'), 'not an initramfs');
    const loop = execFileSync('losetup', ['--find', '--show', disk], { encoding: 'utf8' }).trim();
    try {
      await installToDisk({
        disk: loop,
        kernel: KERNEL,
        initramfs: join(dir, 'initramfs'),
        cmdline: CMDLINE,
        version: 'v1.13.9',
        logger: createLogger('json', 'warn'),
        signal: AbortSignal.timeout(300_000),
      });
    } finally {
      execFileSync('sh', ['-c', `partx --delete ${loop} 2>/dev/null; losetup -d ${loop}`]);
    }
  }, 300_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const expectBooted = (console: string) => {
    expect(console).toContain("Booting `A - Talos v1.13.9'");
    const cmdline = /Command line: (.*)/.exec(console)?.[1] ?? '';
    expect(cmdline).toContain('BOOT_IMAGE=/A/vmlinuz');
    expect(cmdline).toContain(CMDLINE);
    expect(console).toContain('Linux version');
  };

  it('under BIOS (SeaBIOS)', async () => {
    expectBooted(await boot(disk, []));
  }, 300_000);

  it('under UEFI (OVMF)', async () => {
    requireFile(OVMF_CODE, 'ovmf');
    const vars = join(dir, 'vars.fd');
    copyFileSync(OVMF_VARS, vars);
    const console = await boot(disk, [
      '-drive',
      `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`,
      '-drive',
      `if=pflash,format=raw,file=${vars}`,
    ]);
    expect(console).toContain('BdsDxe: starting');
    expectBooted(console);
  }, 300_000);
});
