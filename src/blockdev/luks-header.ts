// The LUKS2 on-disk header, read by the agent itself: two copies of a 4 KiB binary header followed by
// its JSON metadata, each with a SHA-256 over the whole copy. The copy with the higher sequence number
// that checks out wins, as cryptsetup decides. What it gives: the volume's UUID and label, the keyslots
// in use and the tokens. Reading needs no device-mapper (a disk image works), and a header whose sizes
// make no sense is refused before anything large is read.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

const MAGIC_PRIMARY = Buffer.from([0x4c, 0x55, 0x4b, 0x53, 0xba, 0xbe]); // "LUKS\xba\xbe"
const MAGIC_SECONDARY = Buffer.from([0x53, 0x4b, 0x55, 0x4c, 0xba, 0xbe]); // "SKUL\xba\xbe"
const BINARY_SIZE = 4096;
/** The header sizes LUKS2 allows (binary header plus JSON area). */
const HEADER_SIZES = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096].map((k) => k * 1024);

export interface LuksToken {
  readonly id: number;
  readonly type: string;
  readonly keyslots: readonly number[];
  /** The whole token object as the metadata holds it (`type`, `keyslots` and the token's own data). */
  readonly json: Readonly<Record<string, unknown>>;
}

export interface LuksHeader {
  readonly uuid: string;
  readonly label: string;
  readonly seqid: bigint;
  /** Keyslots in use, ascending. */
  readonly keyslots: readonly number[];
  readonly tokens: readonly LuksToken[];
  /** Where the encrypted data starts, in bytes (the first segment's offset). */
  readonly dataOffset: bigint;
  /** Which copy was used. */
  readonly copy: 'primary' | 'secondary';
}

export class LuksHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LuksHeaderError';
  }
}

/** Whether the device starts with the LUKS magic (version 1 or 2; the header itself may still be bad). */
export function hasLuksMagic(head: Buffer): boolean {
  return head.length >= 8 && head.subarray(0, 6).equals(MAGIC_PRIMARY);
}

type Read = (offset: number, length: number) => Promise<Buffer>;

interface Copy {
  readonly seqid: bigint;
  readonly hdrSize: number;
  readonly uuid: string;
  readonly label: string;
  readonly json: unknown;
}

const cString = (b: Buffer): string => {
  const end = b.indexOf(0);
  return b.toString('latin1', 0, end < 0 ? b.length : end);
};

/** One copy at `offset`, or the reason it is not usable. */
async function readCopy(read: Read, offset: number, magic: Buffer): Promise<Copy | string> {
  const bin = await read(offset, BINARY_SIZE);
  if (bin.length < BINARY_SIZE || !bin.subarray(0, 6).equals(magic)) return 'no header';
  const version = bin.readUInt16BE(6);
  if (version !== 2) return `LUKS version ${version}`;
  const size = bin.readBigUInt64BE(8);
  if (!HEADER_SIZES.includes(Number(size))) return `header size ${size}`;
  const hdrSize = Number(size);
  if (bin.readBigUInt64BE(256) !== BigInt(offset)) return 'header offset mismatch';
  if (cString(bin.subarray(72, 104)) !== 'sha256') return 'unsupported checksum algorithm';
  const whole = Buffer.concat([bin, await read(offset + BINARY_SIZE, hdrSize - BINARY_SIZE)]);
  if (whole.length !== hdrSize) return 'header cut short';
  const stored = Buffer.from(whole.subarray(448, 448 + 32));
  whole.fill(0, 448, 448 + 64);
  if (!createHash('sha256').update(whole).digest().equals(stored)) return 'checksum mismatch';
  const area = whole.subarray(BINARY_SIZE);
  const end = area.indexOf(0);
  let json: unknown;
  try {
    json = JSON.parse(area.toString('utf8', 0, end < 0 ? area.length : end));
  } catch {
    return 'metadata is not JSON';
  }
  return {
    seqid: bin.readBigUInt64BE(16),
    hdrSize,
    uuid: cString(bin.subarray(168, 208)),
    label: cString(bin.subarray(24, 72)),
    json,
  };
}

const record = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

const ids = (o: Record<string, unknown>): number[] =>
  Object.keys(o)
    .filter((k) => /^\d+$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);

/**
 * Parses the LUKS2 header of a device (`read(offset, length)` reads it, short at its end). Throws
 * LuksHeaderError when neither copy is whole, naming why.
 */
export async function parseLuksHeader(read: Read): Promise<LuksHeader> {
  const primary = await readCopy(read, 0, MAGIC_PRIMARY);
  const candidates: { copy: Copy; which: 'primary' | 'secondary' }[] = [];
  if (typeof primary !== 'string') candidates.push({ copy: primary, which: 'primary' });
  // The secondary sits right after the primary; when the primary is gone, each allowed size is tried.
  const offsets = typeof primary !== 'string' ? [primary.hdrSize] : HEADER_SIZES;
  let secondaryFault = 'no header';
  for (const off of offsets) {
    const secondary = await readCopy(read, off, MAGIC_SECONDARY);
    if (typeof secondary !== 'string') {
      candidates.push({ copy: secondary, which: 'secondary' });
      break;
    }
    if (secondary !== 'no header') secondaryFault = secondary;
  }
  if (candidates.length === 0) {
    const why = typeof primary === 'string' ? primary : 'unreadable';
    throw new LuksHeaderError(`no valid LUKS2 header (primary: ${why}; secondary: ${secondaryFault})`);
  }
  const best = candidates.reduce((a, b) => (b.copy.seqid > a.copy.seqid ? b : a));
  const meta = record(best.copy.json);
  const keyslots = ids(record(meta['keyslots']));
  const tokenMap = record(meta['tokens']);
  const tokens = ids(tokenMap).map((id) => {
    const t = record(tokenMap[String(id)]);
    const slots = Array.isArray(t['keyslots']) ? t['keyslots'] : [];
    return {
      id,
      type: typeof t['type'] === 'string' ? t['type'] : '',
      keyslots: slots.map(Number).filter((n) => Number.isInteger(n)),
      json: t,
    };
  });
  const segment = record(record(meta['segments'])['0']);
  const offset = typeof segment['offset'] === 'string' ? segment['offset'] : '0';
  return {
    uuid: best.copy.uuid,
    label: best.copy.label,
    seqid: best.copy.seqid,
    keyslots,
    tokens,
    dataOffset: /^\d+$/.test(offset) ? BigInt(offset) : 0n,
    copy: best.which,
  };
}

/** The LUKS2 header of the device or image at `path`. */
export async function readLuksHeader(path: string): Promise<LuksHeader> {
  const fh = await open(path, 'r');
  try {
    return await parseLuksHeader(async (offset, length) => {
      const { buffer, bytesRead } = await fh.read(Buffer.alloc(length), 0, length, offset);
      return buffer.subarray(0, bytesRead);
    });
  } finally {
    await fh.close();
  }
}
