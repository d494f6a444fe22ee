// Where a running node finds the kernel and initramfs to install: its bootloader places copies of the
// files it booted into the initramfs at these paths (GRUB's `newc:` initrd entries, iPXE's initrd
// names), so an install from ISO, PXE or disk writes exactly the system that is running.
import { access } from 'node:fs/promises';
import { join } from 'node:path';

export const BOOT_ASSETS_DIR = '/usr/lib/talos-ts/boot';

export interface BootAssets {
  readonly kernel: string;
  readonly initramfs: string;
}

export class BootAssetsMissingError extends Error {
  constructor(readonly dir: string) {
    super(
      `no kernel and initramfs to install in ${dir}: boot from the ISO, the PXE assets or an installed disk, whose bootloader provides them`,
    );
    this.name = 'BootAssetsMissingError';
  }
}

/** The assets the bootloader provided, or throws BootAssetsMissingError. */
export async function findBootAssets(dir = BOOT_ASSETS_DIR): Promise<BootAssets> {
  const assets = { kernel: join(dir, 'vmlinuz'), initramfs: join(dir, 'initramfs.xz') };
  try {
    await access(assets.kernel);
    await access(assets.initramfs);
  } catch {
    throw new BootAssetsMissingError(dir);
  }
  return assets;
}

/** GRUB `initrd` arguments that add both files to the initramfs at BOOT_ASSETS_DIR. */
export function grubInjectArgs(kernelPath: string, initramfsPath: string): string[] {
  const at = BOOT_ASSETS_DIR.replace(/^\//, '');
  return [`newc:${at}/vmlinuz:${kernelPath}`, `newc:${at}/initramfs.xz:${initramfsPath}`];
}
