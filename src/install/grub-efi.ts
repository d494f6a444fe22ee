// GRUB for UEFI, written without mounting the EFI partition: the UEFI image at the removable-media path
// (EFI/BOOT/BOOTX64.EFI) on the FAT file system, through mtools.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRunner } from './command';

export async function installGrubEfi(
  efiDevice: string,
  efiImg: Buffer,
  run: CommandRunner,
  signal: AbortSignal,
) {
  const work = await mkdtemp(join(tmpdir(), 'grub-efi-'));
  try {
    const image = join(work, 'BOOTX64.EFI');
    await writeFile(image, efiImg);
    await run('mmd', ['-i', efiDevice, '::/EFI', '::/EFI/BOOT'], signal);
    await run('mcopy', ['-i', efiDevice, image, '::/EFI/BOOT/BOOTX64.EFI'], signal);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
