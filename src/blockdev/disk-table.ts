// Reading and writing a GPT on a disk: a block device (its size from sysfs) or an image file.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gptWrites, parseGpt, SECTOR, type GptTable } from './gpt';

/** The disk's size in bytes: a regular file's length, or a block device's size from sysfs. */
export function diskSizeBytes(path: string, fd: number, sysBlock = '/sys/class/block'): bigint {
  const st = fstatSync(fd);
  if (st.isFile()) return BigInt(st.size);
  if (!st.isBlockDevice()) throw new Error(`${path} is neither a block device nor a file`);
  const sectors = readFileSync(`${sysBlock}/${basename(path)}/size`, 'utf8').trim();
  return BigInt(sectors) * 512n;
}

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buf, done, length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return buf;
}

/** Writes `table` to the disk at `path` and flushes it. */
export function writeDiskTable(path: string, table: GptTable): void {
  const fd = openSync(path, 'r+');
  try {
    const size = diskSizeBytes(path, fd);
    if (size / BigInt(SECTOR) !== table.sectors)
      throw new Error(`${path}: the table is for another disk size`);
    for (const { offset, data } of gptWrites(table, readAt(fd, 0, SECTOR))) {
      writeSync(fd, data, 0, data.length, offset);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The disk's GPT, or undefined when it has none (a blank disk). Throws on a damaged table. */
export function readDiskTable(path: string): GptTable | undefined {
  const fd = openSync(path, 'r');
  try {
    const sectors = diskSizeBytes(path, fd) / BigInt(SECTOR);
    const probe = readAt(fd, SECTOR, 8).toString('latin1');
    if (probe !== 'EFI PART') return undefined;
    return parseGpt(sectors, (offset, length) => readAt(fd, offset, length));
  } finally {
    closeSync(fd);
  }
}
