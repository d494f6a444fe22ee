// Reading and writing a GPT on a disk: a block device (its size from sysfs) or an image file.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gptWrites, GptError, parseGpt, SECTOR, type GptTable } from './gpt';

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

/**
 * Writes `table` to the disk at `path`: the backup copy, flushed, then the primary, flushed, so that a
 * power cut at any point leaves a whole table (the old or the new one) for the reader.
 */
export function writeDiskTable(path: string, table: GptTable): void {
  const fd = openSync(path, 'r+');
  try {
    const size = diskSizeBytes(path, fd);
    if (size / BigInt(SECTOR) !== table.sectors)
      throw new Error(`${path}: the table is for another disk size`);
    const { backup, primary } = gptWrites(table, readAt(fd, 0, SECTOR));
    for (const step of [backup, primary]) {
      for (const { offset, data } of step) writeSync(fd, data, 0, data.length, offset);
      fsyncSync(fd);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The disk's GPT (the backup when the primary is damaged), or undefined when it has none (a blank
 * disk). Throws GptError when a table is there but neither copy is whole.
 */
export function readDiskTable(path: string): GptTable | undefined {
  const fd = openSync(path, 'r');
  try {
    const sectors = diskSizeBytes(path, fd) / BigInt(SECTOR);
    return parseGpt(sectors, (offset, length) => readAt(fd, offset, length));
  } catch (e: unknown) {
    if (e instanceof GptError && e.reason === 'no-signature') return undefined;
    throw e;
  } finally {
    closeSync(fd);
  }
}
