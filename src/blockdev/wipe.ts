// Fast wipes, as a reset does them: zeros over the first and last MiB of a partition (a file system's
// signatures, superblock and, for XFS, the start of its log) or of a whole disk (the protective MBR,
// the primary GPT and the backup GPT at its end). The data between is left, unreachable.
import { open } from 'node:fs/promises';
import { diskSizeBytes } from './disk-table';

const MiB = 1n << 20n;

/** Zeros the first and last MiB of `path` (all of it when smaller than 2 MiB) and flushes. */
export async function fastWipe(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    const size = diskSizeBytes(path, fh.fd);
    const head = size < 2n * MiB ? size : MiB;
    const ranges: [bigint, bigint][] = [[0n, head]];
    if (size > head) ranges.push([size - MiB > head ? size - MiB : head, size]);
    for (const [start, end] of ranges) {
      const zeros = Buffer.alloc(Number(end - start));
      let done = 0;
      while (done < zeros.length) {
        const { bytesWritten } = await fh.write(zeros, done, zeros.length - done, Number(start) + done);
        done += bytesWritten;
      }
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}
