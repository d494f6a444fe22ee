// Event ids as Talos makes them (github.com/rs/xid): 12 bytes — seconds since the epoch (4), a machine
// id (3), the process id (2), a counter (3) — written as 20 characters of base32hex in lower case.
// They sort by time, and `tail_id` names one.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

const ALPHABET = '0123456789abcdefghijklmnopqrstuv';
const machine = createHash('sha256').update(hostname()).digest().subarray(0, 3);
let counter = randomBytes(3).readUIntBE(0, 3);

export function newXid(now = Date.now()): string {
  const b = Buffer.alloc(12);
  b.writeUInt32BE(Math.floor(now / 1000) >>> 0, 0);
  machine.copy(b, 4);
  b.writeUInt16BE(process.pid & 0xffff, 7);
  counter = (counter + 1) & 0xffffff;
  b.writeUIntBE(counter, 9, 3);
  return encode(b);
}

function encode(b: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of b) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Whether `id` is a well-formed xid. */
export const isXid = (id: string): boolean => /^[0-9a-v]{20}$/.test(id);
