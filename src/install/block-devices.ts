// Block devices as /sys/class/block lists them, and one mounted read-only on a temporary directory:
// how the Talos ISO an install copies from and the metal-iso volume a config comes from are read.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LabelledFs } from '../blockdev/fs-label';
import { pathExists } from '../files/path-exists';
import { loadModule, type CommandRunner } from './command';

export interface BlockDeviceDirs {
  /** Default /sys/class/block. */
  readonly sysClassBlock?: string;
  /** Default /dev. */
  readonly devDir?: string;
}

/** Disks, and their partitions too when asked, as /dev paths (RAM disks, loop devices and floppies left out). */
export async function blockDevices(o: BlockDeviceDirs & { partitions: boolean }): Promise<string[]> {
  const sys = o.sysClassBlock ?? '/sys/class/block';
  const names = (await readdir(sys).catch(() => [] as string[])).filter(
    (n) => !/^(ram|zram|loop|fd)\d/.test(n),
  );
  const kept = o.partitions
    ? names
    : (
        await Promise.all(
          names.map(async (n) => ((await pathExists(join(sys, n, 'partition'))) ? undefined : n)),
        )
      ).filter((n): n is string => n !== undefined);
  return kept.map((n) => join(o.devDir ?? '/dev', n));
}

const MODULE: Record<LabelledFs, string> = { iso9660: 'isofs', vfat: 'vfat', ext4: 'ext4', xfs: 'xfs' };

export interface ReadOnlyMount {
  readonly dir: string;
  /** Unmounts and removes the directory. */
  readonly release: () => Promise<void>;
}

/**
 * Mounts `device` (file system `type`, whose module is loaded first) read-only on a new directory
 * `talos-<name>-…` under the temporary directory; a failed mount leaves no directory behind.
 */
export async function mountReadOnly(o: {
  readonly device: string;
  readonly type: LabelledFs;
  readonly name: string;
  readonly run: CommandRunner;
  readonly signal: AbortSignal;
}): Promise<ReadOnlyMount> {
  const dir = await mkdtemp(join(tmpdir(), `talos-${o.name}-`));
  try {
    await loadModule(o.run, MODULE[o.type], o.signal);
    await o.run('mount', ['-t', o.type, '-o', 'ro', o.device, dir], o.signal);
  } catch (e: unknown) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir,
    release: async () => {
      await o.run('umount', [dir], o.signal).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
