// GUIDs as GPT stores them: the first three fields little-endian, the last two as written.
import { randomBytes } from 'node:crypto';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function guidToBytes(guid: string): Buffer {
  if (!GUID_RE.test(guid)) throw new Error(`invalid GUID ${JSON.stringify(guid)}`);
  const hex = Buffer.from(guid.replace(/-/g, ''), 'hex');
  const out = Buffer.from(hex);
  hex.subarray(0, 4).reverse().copy(out, 0);
  hex.subarray(4, 6).reverse().copy(out, 4);
  hex.subarray(6, 8).reverse().copy(out, 6);
  return out;
}

export function guidFromBytes(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16));
  b.subarray(0, 4).reverse();
  b.subarray(4, 6).reverse();
  b.subarray(6, 8).reverse();
  const h = b.toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A random (version 4) GUID, upper-case as GPT tools print them. */
export function randomGuid(): string {
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
