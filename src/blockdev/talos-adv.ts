// The key-value block Talos keeps at the start of its META partition: 256 KiB, big-endian — a magic
// word, then tag (u32), size (u32) and value for each key, zeros, a SHA-256 over the block (taken with
// the checksum field zeroed) and a closing magic word. Two identical copies follow each other; a
// reader takes the first that checks out, so a write torn in the first copy leaves the second.
import { createHash } from 'node:crypto';
import { errorMessage } from '../error-message';

export const ADV_LENGTH = 256 * 1024;
/** Both copies. */
export const ADV_SIZE = 2 * ADV_LENGTH;
const MAGIC1 = 0x5a4b3c2d;
const MAGIC2 = 0xa5b4c3d2;
const TRAILER = 36; // checksum (32) + magic2 (4)
/** Room for tags and values in one copy. */
export const ADV_DATA_LENGTH = ADV_LENGTH - 4 - TRAILER;

export type AdvTags = Map<number, Buffer>;

export class AdvOverflowError extends Error {
  constructor(bytes: number) {
    super(`adv: overflow ${bytes} bytes`);
    this.name = 'AdvOverflowError';
  }
}

/** One copy; throws when a value does not fit. */
export function encodeAdvCopy(tags: AdvTags): Buffer {
  const buf = Buffer.alloc(ADV_LENGTH);
  buf.writeUInt32BE(MAGIC1, 0);
  buf.writeUInt32BE(MAGIC2, ADV_LENGTH - 4);
  let at = 4;
  const end = ADV_LENGTH - TRAILER;
  for (const [tag, value] of [...tags].sort(([a], [b]) => a - b)) {
    if (at + 8 + value.length > end) throw new AdvOverflowError(at + 8 + value.length - end);
    buf.writeUInt32BE(tag, at);
    buf.writeUInt32BE(value.length, at + 4);
    value.copy(buf, at + 8);
    at += 8 + value.length;
  }
  createHash('sha256')
    .update(buf)
    .digest()
    .copy(buf, ADV_LENGTH - TRAILER);
  return buf;
}

/** Both copies, as written to the partition. */
export function encodeAdv(tags: AdvTags): Buffer {
  const copy = encodeAdvCopy(tags);
  return Buffer.concat([copy, copy]);
}

/** One copy's tags; throws on a wrong magic, checksum or an entry running past the end. */
export function decodeAdvCopy(block: Buffer): AdvTags {
  if (block.length !== ADV_LENGTH) throw new Error(`adv: block is ${block.length} bytes, not ${ADV_LENGTH}`);
  if (block.readUInt32BE(0) !== MAGIC1) throw new Error('adv: bad head magic');
  if (block.readUInt32BE(ADV_LENGTH - 4) !== MAGIC2) throw new Error('adv: bad tail magic');
  const copy = Buffer.from(block);
  const sum = Buffer.from(copy.subarray(ADV_LENGTH - TRAILER, ADV_LENGTH - 4));
  copy.fill(0, ADV_LENGTH - TRAILER, ADV_LENGTH - 4);
  if (!createHash('sha256').update(copy).digest().equals(sum)) throw new Error('adv: checksum mismatch');
  const tags: AdvTags = new Map();
  let at = 4;
  const end = ADV_LENGTH - TRAILER;
  while (end - at >= 8) {
    const tag = copy.readUInt32BE(at);
    if (tag === 0) break; // the end marker (zeros)
    const size = copy.readUInt32BE(at + 4);
    if (at + 8 + size > end) throw new Error(`adv: value of tag ${tag} runs past the end`);
    tags.set(tag, Buffer.from(copy.subarray(at + 8, at + 8 + size)));
    at += 8 + size;
  }
  return tags;
}

/**
 * The tags of a META partition's start (both copies): the first valid copy, or empty when neither is
 * (a fresh, zeroed META), with the reason.
 */
export function decodeAdv(data: Buffer): { tags: AdvTags; error?: string } {
  let error = '';
  for (const offset of [0, ADV_LENGTH]) {
    try {
      return { tags: decodeAdvCopy(data.subarray(offset, offset + ADV_LENGTH)) };
    } catch (e: unknown) {
      error ||= errorMessage(e);
    }
  }
  return { tags: new Map(), error };
}
