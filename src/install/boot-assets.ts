// Where a running node finds the kernel and initramfs to install: the medium it booted from, the ISO
// (a CD, or the hybrid image written to a USB stick), an ISO 9660 volume labelled TALOS_… holding
// /boot/vmlinuz and /boot/initramfs.xz. A bootloader may also place copies inside the initramfs at
// BOOT_ASSETS_DIR; those are taken first. (GRUB 2.06 can add files to the initramfs with `newc:`, but
// writes names the kernel now refuses, so the ISO is read instead.)
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fsLabel } from '../blockdev/fs-label';
import { pathExists } from '../files/path-exists';
import { blockDevices, mountReadOnly, type BlockDeviceDirs } from './block-devices';
import { loadModule, type CommandRunner } from './command';

export const BOOT_ASSETS_DIR = '/usr/lib/talos-ts/boot';

export interface BootAssets {
  readonly kernel: string;
  readonly initramfs: string;
  /** Unmounts the medium they were read from (nothing to do for copies in the initramfs). */
  release(): Promise<void>;
}

export class BootAssetsMissingError extends Error {
  constructor() {
    super(
      'no kernel and initramfs to install: boot from the ISO (a CD or the image on a USB stick), which holds them, or set machine.install.image',
    );
    this.name = 'BootAssetsMissingError';
  }
}

/** The ISO 9660 volume label of a device, if it has one. */
export async function isoVolumeLabel(device: string): Promise<string | undefined> {
  const fs = await fsLabel(device);
  return fs?.type === 'iso9660' ? fs.label : undefined;
}

export async function findBootAssets(
  o: BlockDeviceDirs & {
    readonly run: CommandRunner;
    readonly signal: AbortSignal;
    readonly injectedDir?: string;
  },
): Promise<BootAssets> {
  const dir = o.injectedDir ?? BOOT_ASSETS_DIR;
  const injected = { kernel: join(dir, 'vmlinuz'), initramfs: join(dir, 'initramfs.xz') };
  if ((await pathExists(injected.kernel)) && (await pathExists(injected.initramfs)))
    return { ...injected, release: () => Promise.resolve() };
  // A CD drive shows up once its driver is in; the init's coldplug loads the controller's only.
  await loadModule(o.run, 'sr_mod', o.signal);
  for (let attempt = 0; attempt < 5; attempt++) {
    const found = await mountTalosIso(o);
    if (found) return found;
    await sleep(500, undefined, { signal: o.signal });
  }
  throw new BootAssetsMissingError();
}

async function mountTalosIso(
  o: BlockDeviceDirs & { readonly run: CommandRunner; readonly signal: AbortSignal },
): Promise<BootAssets | undefined> {
  for (const device of await blockDevices({ ...o, partitions: false })) {
    if (!(await isoVolumeLabel(device))?.startsWith('TALOS_')) continue;
    let mount;
    try {
      mount = await mountReadOnly({ device, type: 'iso9660', name: 'iso', run: o.run, signal: o.signal });
    } catch {
      continue;
    }
    const assets = {
      kernel: join(mount.dir, 'boot/vmlinuz'),
      initramfs: join(mount.dir, 'boot/initramfs.xz'),
      release: mount.release,
    };
    if ((await pathExists(assets.kernel)) && (await pathExists(assets.initramfs))) return assets;
    await mount.release();
  }
  return undefined;
}
