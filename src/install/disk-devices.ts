// Disks and their partitions as device nodes: /dev/vda → /dev/vda1, /dev/nvme0n1 → /dev/nvme0n1p1,
// /dev/loop0 → /dev/loop0p1; a disk's size; waiting for a partition's node after the table changed.
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { diskSizeBytes } from '../blockdev/disk-table';

export function partitionDevice(disk: string, n: number): string {
  return /\d$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}

export async function diskSizeOf(disk: string): Promise<bigint> {
  const fh = await open(disk, 'r');
  try {
    return diskSizeBytes(disk, fh.fd);
  } finally {
    await fh.close();
  }
}

/** Waits (up to ~10 s) for the device node to appear. */
export async function waitForDevice(dev: string, signal: AbortSignal): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await stat(dev)).isBlockDevice()) return;
    } catch {
      // not yet
    }
    await sleep(100, undefined, { signal });
  }
  throw new Error(`partition ${dev} did not appear`);
}
