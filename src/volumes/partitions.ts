// Partitions for volumes: found by their GPT label, made in a disk's free space (1 MiB aligned, the
// partition number being the lowest free entry), and grown into the free space after them. Each table
// change goes through the safe GPT writer and is told to the kernel (partx) before the device is used.
import { readDiskTable, writeDiskTable } from '../blockdev/disk-table';
import { freeIndex, SECTOR, usableRange, type GptPartition, type GptTable } from '../blockdev/gpt';
import { randomGuid } from '../blockdev/guid';
import { partitionDevice, waitForDevice } from '../install/disk-devices';
import type { CommandRunner } from '../install/command';
import type { PartitionSpec } from '../resources/block/volume-config';

const ALIGN = BigInt((1024 * 1024) / SECTOR);
const alignUp = (lba: bigint) => ((lba + ALIGN - 1n) / ALIGN) * ALIGN;

export interface LocatedPartition {
  readonly disk: string;
  readonly device: string;
  readonly partition: GptPartition;
  readonly table: GptTable;
}

export class NoSpaceError extends Error {
  constructor(disk: string, needed: number) {
    super(`no free space of ${needed} bytes on ${disk}`);
    this.name = 'NoSpaceError';
  }
}

export function partitionSize(p: GptPartition): number {
  return Number((p.lastLba - p.firstLba + 1n) * BigInt(SECTOR));
}

/** The partition labelled `label` on the first of `disks` that has one; damaged tables are skipped. */
export function findByLabel(label: string, disks: readonly string[]): LocatedPartition | undefined {
  for (const disk of disks) {
    let table: GptTable | undefined;
    try {
      table = readDiskTable(disk);
    } catch {
      continue;
    }
    const partition = table?.partitions.find((p) => p.name === label);
    if (table && partition) return { disk, device: partitionDevice(disk, partition.index), partition, table };
  }
  return undefined;
}

/** Free sector ranges of a table, in disk order. */
function freeRanges(t: GptTable): { first: bigint; last: bigint }[] {
  const sorted = [...t.partitions].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  const out: { first: bigint; last: bigint }[] = [];
  let next = t.firstUsableLba;
  for (const p of sorted) {
    if (p.firstLba > next) out.push({ first: next, last: p.firstLba - 1n });
    next = p.lastLba + 1n;
  }
  if (next <= t.lastUsableLba) out.push({ first: next, last: t.lastUsableLba });
  return out;
}

/** The largest size `spec` allows on a disk of `diskBytes` (0: no limit). */
function maxSizeOf(spec: PartitionSpec, diskBytes: number): number {
  if (spec.maxSize) return spec.maxSize;
  if (spec.relativeMaxSize) return Math.floor((diskBytes * spec.relativeMaxSize) / 100);
  return 0;
}

/** Tells the kernel about a changed partition and waits for its device node. */
async function reread(disk: string, index: number, run: CommandRunner, signal: AbortSignal): Promise<string> {
  const nr = String(index);
  await run('partx', ['--update', '--nr', nr, disk], signal).catch(() =>
    run('partx', ['--add', '--nr', nr, disk], signal),
  );
  const device = partitionDevice(disk, index);
  await waitForDevice(device, signal);
  return device;
}

/**
 * Makes a partition for `spec` on `disk` (a GPT is laid down first when the disk has none): the first
 * free range that fits `minSize`, sized `minSize` (the grow step takes it further), or `maxSize` when
 * the range allows and the partition does not grow.
 */
export async function createPartition(
  disk: string,
  diskBytes: bigint,
  spec: PartitionSpec,
  run: CommandRunner,
  signal: AbortSignal,
): Promise<LocatedPartition> {
  const table = readDiskTable(disk) ?? emptyTable(diskBytes);
  const min = BigInt(Math.max(spec.minSize, 1024 * 1024));
  const max = BigInt(maxSizeOf(spec, Number(diskBytes)));
  const want = !spec.grow && max > min ? max : min;
  const sectors = (want + BigInt(SECTOR) - 1n) / BigInt(SECTOR);
  const needed = (min + BigInt(SECTOR) - 1n) / BigInt(SECTOR);
  for (const range of freeRanges(table)) {
    const first = alignUp(range.first);
    if (first > range.last || range.last - first + 1n < needed) continue;
    const last = first + (range.last - first + 1n < sectors ? range.last - first + 1n : sectors) - 1n;
    const partition: GptPartition = {
      index: freeIndex(table),
      typeGuid: spec.typeUUID ?? '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
      uniqueGuid: randomGuid(),
      firstLba: first,
      lastLba: last,
      attributes: 0n,
      name: spec.label ?? '',
    };
    const next = { ...table, partitions: [...table.partitions, partition] };
    writeDiskTable(disk, next);
    const device = await reread(disk, partition.index, run, signal);
    return { disk, device, partition, table: next };
  }
  throw new NoSpaceError(disk, Number(min));
}

function emptyTable(diskBytes: bigint): GptTable {
  const sectors = diskBytes / BigInt(SECTOR);
  const { first, last } = usableRange(sectors);
  return { diskGuid: randomGuid(), sectors, firstUsableLba: first, lastUsableLba: last, partitions: [] };
}

/**
 * Grows the partition into the free space right after it (up to the spec's largest size); answers the
 * new size in bytes, or undefined when it would grow by 1 MiB or less.
 */
export async function growPartition(
  located: LocatedPartition,
  spec: PartitionSpec,
  run: CommandRunner,
  signal: AbortSignal,
): Promise<number | undefined> {
  const table = readDiskTable(located.disk);
  const p = table?.partitions.find((x) => x.index === located.partition.index);
  if (!table || !p) throw new Error(`partition ${located.device} is gone from ${located.disk}`);
  const after = table.partitions
    .filter((x) => x.firstLba > p.lastLba)
    .reduce((m, x) => (x.firstLba < m ? x.firstLba : m), table.lastUsableLba + 1n);
  let last = after - 1n;
  const max = BigInt(maxSizeOf(spec, Number(table.sectors) * SECTOR));
  if (max > 0n) {
    const cap = p.firstLba + max / BigInt(SECTOR) - 1n;
    if (cap < last) last = cap;
  }
  if ((last - p.lastLba) * BigInt(SECTOR) <= 1024n * 1024n) return undefined;
  const grown = { ...p, lastLba: last };
  writeDiskTable(located.disk, {
    ...table,
    partitions: table.partitions.map((x) => (x.index === p.index ? grown : x)),
  });
  await reread(located.disk, p.index, run, signal);
  return partitionSize(grown);
}
