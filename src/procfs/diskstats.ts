// /proc/diskstats: per block device, `major minor name` and the I/O counters. Lines with fewer than the
// 15 counters of kernels ≥ 4.18 (reads, writes, in flight, discards) are left out, as Talos does.
import { parseError } from './errors';
import { readKernelFile } from './read';

export const DISK_COUNTERS = [
  'readCompleted',
  'readMerged',
  'readSectors',
  'readTimeMs',
  'writeCompleted',
  'writeMerged',
  'writeSectors',
  'writeTimeMs',
  'ioInProgress',
  'ioTimeMs',
  'ioTimeWeightedMs',
  'discardCompleted',
  'discardMerged',
  'discardSectors',
  'discardTimeMs',
] as const;

export type DiskCounters = Readonly<Record<(typeof DISK_COUNTERS)[number], bigint>>;

export interface DiskStat extends DiskCounters {
  readonly name: string;
}

export function parseDiskstats(text: string, file = '/proc/diskstats'): DiskStat[] {
  const out: DiskStat[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 18) continue;
    const counters = DISK_COUNTERS.map((name, i) => {
      const s = f[3 + i]!;
      if (!/^\d+$/.test(s)) throw parseError(file, `${f[2]} ${name}: ${JSON.stringify(s)}`);
      return [name, BigInt.asUintN(64, BigInt(s))] as const;
    });
    out.push({ name: f[2]!, ...(Object.fromEntries(counters) as DiskCounters) });
  }
  return out;
}

/** The sum of every device's counters (64-bit, wrapping as the kernel's unsigned counters do). */
export function sumDiskCounters(disks: readonly DiskCounters[]): DiskCounters {
  return Object.fromEntries(
    DISK_COUNTERS.map((name) => [
      name,
      BigInt.asUintN(
        64,
        disks.reduce((sum, d) => sum + d[name], 0n),
      ),
    ]),
  ) as DiskCounters;
}

export async function readDiskstats(proc = '/proc'): Promise<DiskStat[]> {
  const file = `${proc}/diskstats`;
  return parseDiskstats(await readKernelFile(file), file);
}
