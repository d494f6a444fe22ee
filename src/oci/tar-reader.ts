// A streaming tar reader (POSIX ustar with pax extended headers, GNU long names, base-256 sizes): enough
// for image layers and OCI layout archives. Entries come one at a time; an entry's body must be read
// (or abandoned) before asking for the next one, and whatever is left of it is skipped.

export class TarFormatError extends Error {
  constructor(message: string) {
    super(`malformed tar archive: ${message}`);
    this.name = 'TarFormatError';
  }
}

export const isTarFormatError = (e: unknown): e is TarFormatError => e instanceof TarFormatError;

export type TarEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarHeader {
  /** The path with no leading `./` or `/` and no trailing `/`. */
  readonly name: string;
  readonly type: TarEntryType;
  /** The raw type flag (`0`, `5`, `3`…). */
  readonly typeflag: string;
  readonly size: number;
  readonly mode: number;
  readonly linkname: string;
}

export interface TarEntry extends TarHeader {
  /** The entry's bytes, in chunks; only valid until the next entry is requested. */
  readonly body: AsyncIterable<Buffer>;
}

const BLOCK = 512;
/** Bound on pax and GNU long-name records, which are read into memory. */
const MAX_META = 1024 * 1024;
/** Bound on what global pax records hold together: they apply to the rest of the archive, and pile up. */
const MAX_GLOBAL = 1024 * 1024;

class ByteSource {
  private readonly chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  private async fill(n: number): Promise<boolean> {
    while (this.buffered < n && !this.ended) {
      const r = await this.it.next();
      if (r.done === true) this.ended = true;
      else if (r.value.length > 0) {
        const b = Buffer.isBuffer(r.value)
          ? r.value
          : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.length);
        this.chunks.push(b);
        this.buffered += b.length;
      }
    }
    return this.buffered >= n;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length <= n) {
      this.chunks.shift();
      this.buffered -= first.length;
      return first;
    }
    this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return first.subarray(0, n);
  }

  /** Exactly n bytes; undefined at a clean end (nothing left). */
  async read(n: number): Promise<Buffer | undefined> {
    if (!(await this.fill(n))) {
      if (this.buffered === 0) return undefined;
      throw new TarFormatError('unexpected end of data');
    }
    const parts: Buffer[] = [];
    for (let left = n; left > 0;) {
      const b = this.take(left);
      parts.push(b);
      left -= b.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }

  /** Up to n bytes in chunks; `progress` is told each chunk's length before it is handed out. */
  async *stream(n: number, progress?: (taken: number) => void): AsyncGenerator<Buffer> {
    for (let left = n; left > 0;) {
      if (!(await this.fill(1))) throw new TarFormatError('unexpected end of data inside an entry');
      const b = this.take(left);
      left -= b.length;
      progress?.(b.length);
      yield b;
    }
  }

  async skip(n: number): Promise<void> {
    for await (const _ of this.stream(n)) {
      // discarded
    }
  }
}

function cstring(b: Buffer, offset: number, length: number): string {
  const field = b.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return field.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

function number(b: Buffer, offset: number, length: number, what: string): number {
  const field = b.subarray(offset, offset + length);
  if ((field[0]! & 0x80) !== 0) {
    // GNU base-256: big-endian, the first byte's top bit is the marker.
    let v = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) v = v * 256 + field[i]!;
    if (!Number.isSafeInteger(v)) throw new TarFormatError(`${what} too large`);
    return v;
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad ${what} field "${text}"`);
  return parseInt(text, 8);
}

function checksumOk(h: Buffer): boolean {
  const want = number(h, 148, 8, 'checksum');
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return want === unsigned || want === signed;
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record. */
export function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) throw new TarFormatError('bad pax record');
    const digits = data.subarray(pos, space).toString('latin1');
    const len = /^[0-9]{1,9}$/.test(digits) ? Number(digits) : 0;
    if (len <= space - pos + 1 || pos + len > data.length || data[pos + len - 1] !== 0x0a)
      throw new TarFormatError('bad pax record length');
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq < 0) throw new TarFormatError('bad pax record');
    out.set(record.slice(0, eq), record.slice(eq + 1));
    pos += len;
  }
  return out;
}

/** A decimal number of a pax record (`size`). */
function decimal(text: string, what: string): number {
  if (!/^[0-9]{1,16}$/.test(text)) throw new TarFormatError(`bad ${what} "${text.slice(0, 32)}"`);
  return Number(text);
}

/** Global records added to the ones before; throws when together they grow past MAX_GLOBAL. */
function mergeGlobal(before: Map<string, string>, records: Map<string, string>): Map<string, string> {
  const merged = new Map([...before, ...records]);
  let bytes = 0;
  for (const [k, v] of merged) bytes += k.length + v.length;
  if (bytes > MAX_GLOBAL) throw new TarFormatError('global extended headers too large');
  return merged;
}

const TYPES: Record<string, TarEntryType> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '5': 'directory',
};

export function normalizeTarPath(name: string): string {
  let n = name;
  for (;;) {
    if (n.startsWith('./')) n = n.slice(2);
    else if (n.startsWith('/')) n = n.slice(1);
    else break;
  }
  while (n.endsWith('/')) n = n.slice(0, -1);
  return n === '.' ? '' : n;
}

function toIterator(source: Buffer | AsyncIterable<Uint8Array>): AsyncIterator<Uint8Array> {
  if (Buffer.isBuffer(source)) {
    return (async function* () {
      yield source;
    })();
  }
  return source[Symbol.asyncIterator]();
}

/** The archive's entries in order (pax and GNU meta entries folded into the entry they describe). */
export async function* readTar(source: Buffer | AsyncIterable<Uint8Array>): AsyncGenerator<TarEntry> {
  const src = new ByteSource(toIterator(source));
  let global = new Map<string, string>();
  let local = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  for (;;) {
    const h = await src.read(BLOCK);
    if (h === undefined) return; // no end-of-archive marker: tolerated
    if (h.every((b) => b === 0)) return;
    if (!checksumOk(h)) throw new TarFormatError('header checksum mismatch');
    const typeflag = String.fromCharCode(h[156]!);
    const attrs = new Map([...global, ...local]);
    const paxSize = attrs.get('size');
    const size = paxSize !== undefined ? decimal(paxSize, 'pax size') : number(h, 124, 12, 'size');
    if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError('bad entry size');
    const padded = Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === 'x' || typeflag === 'g' || typeflag === 'L' || typeflag === 'K') {
      if (size > MAX_META) throw new TarFormatError('extended header too large');
      const data = size === 0 ? Buffer.alloc(0) : await src.read(padded);
      if (data === undefined) throw new TarFormatError('unexpected end of data');
      const body = data.subarray(0, size);
      if (typeflag === 'x') local = parsePax(body);
      else if (typeflag === 'g') global = mergeGlobal(global, parsePax(body));
      else if (typeflag === 'L') longName = cstring(body, 0, body.length);
      else longLink = cstring(body, 0, body.length);
      continue;
    }

    let name = cstring(h, 0, 100);
    if (h.subarray(257, 262).toString('latin1') === 'ustar') {
      const prefix = cstring(h, 345, 155);
      if (prefix !== '') name = `${prefix}/${name}`;
    }
    name = attrs.get('path') ?? longName ?? name;
    const linkname = attrs.get('linkpath') ?? longLink ?? cstring(h, 157, 100);
    local = new Map();
    longName = undefined;
    longLink = undefined;

    let unread = size;
    const body = src.stream(size, (taken) => {
      unread -= taken;
    });
    yield {
      name: normalizeTarPath(name),
      type: TYPES[typeflag] ?? 'other',
      typeflag,
      size,
      mode: number(h, 100, 8, 'mode') & 0o7777,
      linkname,
      body,
    };
    // Skip what the consumer left of the body (it may have stopped early), then the padding.
    await body.return(undefined);
    await src.skip(unread + padded - size);
  }
}

/** Every entry with its bytes in memory (for small archives). */
export async function readTarToMemory(
  source: Buffer | AsyncIterable<Uint8Array>,
): Promise<{ header: TarHeader; data: Buffer }[]> {
  const out: { header: TarHeader; data: Buffer }[] = [];
  for await (const entry of readTar(source)) {
    const parts: Buffer[] = [];
    for await (const chunk of entry.body) parts.push(chunk);
    const { body: _body, ...header } = entry;
    out.push({ header, data: Buffer.concat(parts) });
  }
  return out;
}
