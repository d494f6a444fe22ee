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
    // A partition's FAT records its offset on the disk as hidden sectors, which mtools would compare
    // with a whole disk's geometry; it is given the partition itself.
    const env = { MTOOLS_SKIP_CHECK: '1' };
    await run('mmd', ['-i', efiDevice, '::/EFI', '::/EFI/BOOT'], signal, env);
    await run('mcopy', ['-i', efiDevice, image, '::/EFI/BOOT/BOOTX64.EFI'], signal, env);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
