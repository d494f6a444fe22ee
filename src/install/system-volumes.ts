// The installed system's disk and its partitions, found by their GPT partition names on the machine's
// disks, as Talos finds them by label (the disk with META is the system disk).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDiskTable } from '../blockdev/disk-table';
import { partitionDevice } from './disk-devices';

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

/** The installed system's disk: the first one with a META partition, with its partitions by label. */
export function locateSystemDisk(disks: readonly string[] = listDisks()): {
  disk?: string;
  partitions: Map<string, string>;
} {
  for (const disk of disks) {
    const partitions = partitionsByLabel(disk);
    if (partitions.has('META')) return { disk, partitions };
  }
  return { partitions: new Map() };
}
