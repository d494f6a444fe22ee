// The installed system's volumes at boot: STATE (the machine config) at /system/state and EPHEMERAL at
// /var, found by their GPT partition names on the machine's disks, as Talos finds them by label.
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { readDiskTable } from '../blockdev/disk-table';
import { partitionDevice } from './disk-devices';
import { formatXfs, loadModule, type CommandRunner } from './command';

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
    const device = partitionsByLabel(disk).get(label);
    if (device) return device;
  }
  return undefined;
}

/** A disk's partitions by GPT name (empty when it has no readable table). */
function partitionsByLabel(disk: string): Map<string, string> {
  let table;
  try {
    table = readDiskTable(disk);
  } catch {
    // unreadable or damaged: not ours
  }
  return new Map(table?.partitions.map((p) => [p.name, partitionDevice(disk, p.index)]) ?? []);
}

/** The installed system's disk: the first one with a STATE partition, with its partitions by label. */
export function locateSystemDisk(disks: readonly string[] = listDisks()): {
  disk?: string;
  partitions: Map<string, string>;
} {
  for (const disk of disks) {
    const partitions = partitionsByLabel(disk);
    if (partitions.has('STATE')) return { disk, partitions };
  }
  return { partitions: new Map() };
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
  /** The system disk's partitions by label, when already read (locateSystemDisk). */
  readonly partitions?: ReadonlyMap<string, string>;
  readonly root?: string;
  /** Told when a wiped volume is made again. */
  readonly onFormat?: (label: string, device: string) => void;
}): Promise<SystemVolume[]> {
  const partitions = o.partitions ?? locateSystemDisk(o.disks ?? listDisks()).partitions;
  const found = SYSTEM_VOLUMES.flatMap((v) => {
    const device = partitions.get(v.label);
    return device ? [{ label: v.label, device, mountPoint: join(o.root ?? '/', v.mountPoint) }] : [];
  });
  if (found.length > 0) await loadModule(o.run, 'xfs', o.signal);
  for (const v of found) {
    // A reset leaves a wiped volume without a file system; it starts empty, as Talos makes it again.
    if (!(await hasXfs(v.device))) {
      o.onFormat?.(v.label, v.device);
      await formatXfs(v.label, v.device, o.run, o.signal);
    }
    await mkdir(v.mountPoint, { recursive: true });
    await o.run('mount', ['-t', 'xfs', v.device, v.mountPoint], o.signal);
  }
  return found;
}

/** Whether the device starts with an XFS superblock. */
async function hasXfs(device: string): Promise<boolean> {
  const fh = await open(device, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    return buffer.toString('latin1') === 'XFSB';
  } finally {
    await fh.close();
  }
}
