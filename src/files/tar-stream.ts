// A tar stream (POSIX ustar, with a PAX extended header where a name, link or size does not fit) of a
// walked tree: what Copy sends, gzip-compressed, as Talos's archiver does. Entries are named relative
// to the walk's root, directories with a trailing `/`; sockets cannot be archived and are skipped with
// an error; files the kernel reports as empty (/proc) are read up to one block to learn their size.
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { errorMessage } from '../error-message';
import type { WalkEntry } from './tree-walk';

const BLOCK = 512;
/** The most that a /proc-style file reporting size 0 is read for (as Talos: one 4 KiB buffer). */
const PROBE = 4096;
const CHUNK = 64 * 1024;

export interface TarOptions {
  readonly signal?: AbortSignal;
  /** Called for each entry skipped, with the reason. */
  readonly onError: (hostPath: string, reason: string) => void;
}

function octal(buf: Buffer, offset: number, length: number, value: number): void {
  buf.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len)
    len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

interface Header {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  type: string;
  linkname: string;
  devmajor: number;
  devminor: number;
}

const MAX_OCTAL_11 = 0o77777777777;
const MAX_OCTAL_7 = 0o7777777;

function headerBlock(h: Header): Buffer {
  const b = Buffer.alloc(BLOCK);
  b.write(h.name, 0, 100, 'utf8');
  octal(b, 100, 8, h.mode & 0o7777);
  octal(b, 108, 8, h.uid > MAX_OCTAL_7 ? 0 : h.uid);
  octal(b, 116, 8, h.gid > MAX_OCTAL_7 ? 0 : h.gid);
  octal(b, 124, 12, h.size > MAX_OCTAL_11 ? 0 : h.size);
  octal(b, 136, 12, Math.min(Math.max(h.mtime, 0), MAX_OCTAL_11));
  b.write(h.type, 156, 1, 'ascii');
  b.write(h.linkname, 157, 100, 'utf8');
  b.write('ustar\x0000', 257, 8, 'ascii');
  octal(b, 329, 8, h.devmajor & MAX_OCTAL_7);
  octal(b, 337, 8, h.devminor & MAX_OCTAL_7);
  b.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return b;
}

/** The header blocks of an entry: a PAX header first when a field does not fit ustar. */
function headerBlocks(h: Header): Buffer[] {
  const records: string[] = [];
  if (Buffer.byteLength(h.name) > 100) records.push(paxRecord('path', h.name));
  if (Buffer.byteLength(h.linkname) > 100) records.push(paxRecord('linkpath', h.linkname));
  if (h.size > MAX_OCTAL_11) records.push(paxRecord('size', String(h.size)));
  if (h.uid > MAX_OCTAL_7) records.push(paxRecord('uid', String(h.uid)));
  if (h.gid > MAX_OCTAL_7) records.push(paxRecord('gid', String(h.gid)));
  const main = headerBlock(h);
  if (records.length === 0) return [main];
  const body = Buffer.from(records.join(''), 'utf8');
  const pax = headerBlock({
    ...h,
    name: `PaxHeaders.0/${h.name.replace(/\/$/, '').split('/').pop() ?? ''}`.slice(0, 100),
    type: 'x',
    size: body.length,
    linkname: '',
  });
  return [pax, ...padded(body), main];
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

function typeOf(st: Stats): string | undefined {
  if (st.isFile()) return '0';
  if (st.isDirectory()) return '5';
  if (st.isSymbolicLink()) return '2';
  if (st.isCharacterDevice()) return '3';
  if (st.isBlockDevice()) return '4';
  if (st.isFIFO()) return '6';
  return undefined;
}

async function* fileData(path: string, size: number, signal?: AbortSignal): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let left = size;
    while (left > 0) {
      signal?.throwIfAborted();
      const want = Math.min(CHUNK, left);
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(want), 0, want, null);
      // a file that shrank while it was read is padded to the size its header announced
      if (bytesRead === 0) {
        yield Buffer.alloc(left);
        break;
      }
      yield buffer.subarray(0, bytesRead);
      left -= bytesRead;
    }
  } finally {
    await fh.close();
  }
  const rest = size % BLOCK;
  if (rest !== 0) yield Buffer.alloc(BLOCK - rest);
}

/** Reads a file that reports size 0: its bytes when it holds less than one probe, else none. */
async function probe(path: string): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(PROBE), 0, PROBE, 0);
    return bytesRead < PROBE ? buffer.subarray(0, bytesRead) : Buffer.alloc(0);
  } catch (e: unknown) {
    // some kernel files refuse reads (EINVAL): archived empty, as Talos does
    if ((e as NodeJS.ErrnoException).code === 'EINVAL') return Buffer.alloc(0);
    throw e;
  } finally {
    await fh.close();
  }
}

/** The tar stream of walked entries (the root directory itself left out), ending with two zero blocks. */
export async function* tarStream(entries: AsyncIterable<WalkEntry>, o: TarOptions): AsyncGenerator<Buffer> {
  for await (const e of entries) {
    o.signal?.throwIfAborted();
    if (e.error !== undefined || !e.stats) {
      o.onError(e.hostPath, e.error ?? 'no file information');
      continue;
    }
    const st = e.stats;
    if (st.isDirectory() && e.relPath === '.') continue;
    const type = typeOf(st);
    if (type === undefined) {
      o.onError(e.hostPath, 'archive/tar: sockets not supported');
      continue;
    }
    const rdev = st.rdev;
    const h: Header = {
      name: st.isDirectory() ? `${e.relPath}/` : e.relPath,
      mode: st.mode,
      uid: st.uid,
      gid: st.gid,
      size: type === '0' ? st.size : 0,
      mtime: Math.floor(st.mtimeMs / 1000),
      type,
      linkname: e.link ?? '',
      devmajor: Math.floor(rdev / 256) & 0xfff,
      devminor: (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00),
    };
    try {
      if (type === '0' && h.size === 0) {
        const data = await probe(e.hostPath);
        h.size = data.length;
        yield* headerBlocks(h);
        if (data.length > 0) yield* padded(data);
        continue;
      }
      if (type !== '0') {
        yield* headerBlocks(h);
        continue;
      }
      // opened before the header goes out, so an unreadable file is skipped whole
      const data = fileData(e.hostPath, h.size, o.signal);
      const first = await data.next();
      yield* headerBlocks(h);
      if (!first.done) yield first.value;
      yield* data;
    } catch (err: unknown) {
      if (o.signal?.aborted) throw err;
      o.onError(e.hostPath, errorMessage(err));
    }
  }
  yield Buffer.alloc(BLOCK * 2);
}
