// The kernel's page size (Go's os.Getpagesize), which Node.js does not expose: read once from the first
// mapping of /proc/self/smaps (`KernelPageSize: 4 kB`), 4096 when that cannot be read.
import { open } from 'node:fs/promises';

let cached: Promise<number> | undefined;

async function readPageSize(): Promise<number> {
  try {
    const fh = await open('/proc/self/smaps', 'r');
    try {
      const buf = Buffer.alloc(4096);
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      const m = /KernelPageSize:\s+(\d+) kB/.exec(buf.toString('latin1', 0, bytesRead));
      return m ? Number(m[1]) * 1024 : 4096;
    } finally {
      await fh.close();
    }
  } catch {
    return 4096;
  }
}

export function pageSize(): Promise<number> {
  cached ??= readPageSize();
  return cached;
}
