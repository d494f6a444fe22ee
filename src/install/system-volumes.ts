// The installed system's volumes at boot: STATE (the machine config) at /system/state and EPHEMERAL at
// /var, found by their GPT partition names on the machine's disks, as Talos finds them by label.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readDiskTable } from '../blockdev/disk-table';
import { partitionDevice } from './disk-devices';
import { loadFilesystem, type CommandRunner } from './command';

export interface SystemVolume {
  readonly label: string;
  readonly device: string;
  readonly mountPoint: string;
}

/** Whole disks: block devices without a `partition` entry, skipping RAM-backed ones. */
export function listDisks(sysClassBlock = '/sys/class/block', devDir = '/dev'): string[] {
  if (!existsSync(sysClassBlock)) return [];
  return readdirSync(sysClassBlock)
    .filter((name) => !existsSync(join(sysClassBlock, name, 'partition')))
    .filter((name) => !/^(ram|zram|sr|fd)\d/.test(name))
    .map((name) => join(devDir, name));
}

/** The device of the partition named `label` on one of `disks`, or undefined. */
export function findPartitionByLabel(label: string, disks: readonly string[]): string | undefined {
  for (const disk of disks) {
    let table;
    try {
      table = readDiskTable(disk);
    } catch {
      continue; // unreadable or damaged: not ours
    }
    const i = table?.partitions.findIndex((p) => p.name === label) ?? -1;
    if (i >= 0) return partitionDevice(disk, i + 1);
  }
  return undefined;
}

export const SYSTEM_VOLUMES = [
  { label: 'STATE', mountPoint: 'system/state' },
  { label: 'EPHEMERAL', mountPoint: 'var' },
] as const;

/** Mounts the volumes found (under `root`), returns them; a machine booted from ISO or PXE has none. */
export async function mountSystemVolumes(o: {
  readonly run: CommandRunner;
  readonly signal: AbortSignal;
  readonly disks?: readonly string[];
  readonly root?: string;
}): Promise<SystemVolume[]> {
  const disks = o.disks ?? listDisks();
  const found = SYSTEM_VOLUMES.flatMap((v) => {
    const device = findPartitionByLabel(v.label, disks);
    return device ? [{ label: v.label, device, mountPoint: join(o.root ?? '/', v.mountPoint) }] : [];
  });
  if (found.length > 0) await loadFilesystem(o.run, 'xfs', o.signal);
  for (const v of found) {
    await mkdir(v.mountPoint, { recursive: true });
    await o.run('mount', ['-t', 'xfs', v.device, v.mountPoint], o.signal);
  }
  return found;
}
