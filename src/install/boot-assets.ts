// Where a running node finds the kernel and initramfs to install: the medium it booted from, the ISO
// (a CD, or the hybrid image written to a USB stick), an ISO 9660 volume labelled TALOS_… holding
// /boot/vmlinuz and /boot/initramfs.xz. A bootloader may also place copies inside the initramfs at
// BOOT_ASSETS_DIR; those are taken first. (GRUB 2.06 can add files to the initramfs with `newc:`, but
// writes names the kernel now refuses, so the ISO is read instead.)
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fsLabel } from '../blockdev/fs-label';
import { pathExists } from '../files/path-exists';
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

/** Block devices that may hold the ISO: CD drives and whole disks, as /dev paths. */
async function candidates(sysClassBlock: string, devDir: string): Promise<string[]> {
  const names = await readdir(sysClassBlock).catch(() => [] as string[]);
  const whole = await Promise.all(
    names.map(async (n) => ((await pathExists(join(sysClassBlock, n, 'partition'))) ? undefined : n)),
  );
  return whole
    .filter((n): n is string => !!n && !/^(ram|zram|loop|fd)\d/.test(n))
    .map((n) => join(devDir, n));
}

export async function findBootAssets(o: {
  readonly run: CommandRunner;
  readonly signal: AbortSignal;
  readonly injectedDir?: string;
  readonly sysClassBlock?: string;
  readonly devDir?: string;
}): Promise<BootAssets> {
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

async function mountTalosIso(o: {
  readonly run: CommandRunner;
  readonly signal: AbortSignal;
  readonly sysClassBlock?: string;
  readonly devDir?: string;
}): Promise<BootAssets | undefined> {
  for (const device of await candidates(o.sysClassBlock ?? '/sys/class/block', o.devDir ?? '/dev')) {
    if (!(await isoVolumeLabel(device))?.startsWith('TALOS_')) continue;
    const mnt = await mkdtemp(join(tmpdir(), 'talos-iso-'));
    await loadModule(o.run, 'isofs', o.signal);
    try {
      await o.run('mount', ['-t', 'iso9660', '-o', 'ro', device, mnt], o.signal);
    } catch {
      await rm(mnt, { recursive: true, force: true });
      continue;
    }
    const release = async () => {
      await o.run('umount', [mnt], o.signal).catch(() => undefined);
      await rm(mnt, { recursive: true, force: true });
    };
    const assets = { kernel: join(mnt, 'boot/vmlinuz'), initramfs: join(mnt, 'boot/initramfs.xz'), release };
    if ((await pathExists(assets.kernel)) && (await pathExists(assets.initramfs))) return assets;
    await release();
  }
  return undefined;
}
