// Minimal ASN.1 DER encoder and TLV reader: just what is needed to build and
// inspect X.509 certificates the way Go's crypto/x509 lays them out.

/** Input that is not the DER the reader expects (it comes from the network or a disk: never trusted). */
export class DerError extends Error {
  override readonly name = 'DerError';
  constructor(message: string) {
    super(`DER: ${message}`);
  }
}

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  let n = len;
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n = Math.floor(n / 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** Encodes one TLV with the given (single-byte) tag. */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...items);
export const set = (...items: Buffer[]): Buffer => tlv(TAG.SET, ...items);
export const octetString = (b: Buffer): Buffer => tlv(TAG.OCTET_STRING, b);
export const nullValue = (): Buffer => tlv(TAG.NULL);
export const bool = (v: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([v ? 0xff : 0x00]));

/** Context-specific constructed (EXPLICIT) wrapper: [n] { content }. */
export const explicit = (n: number, ...content: Buffer[]): Buffer => tlv(0xa0 | n, ...content);

/** Context-specific primitive (IMPLICIT) value: [n] content. */
export const implicitPrimitive = (n: number, content: Buffer): Buffer => tlv(0x80 | n, content);

/** BIT STRING with the given number of unused trailing bits in the last byte. */
export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.BIT_STRING, Buffer.from([unusedBits]), bytes);
}

/** INTEGER from unsigned big-endian magnitude bytes (minimal two's complement form). */
export function unsignedInteger(magnitude: Buffer): Buffer {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  let body = magnitude.subarray(start);
  if (body.length === 0) body = Buffer.from([0]);
  if ((body[0] ?? 0) & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return tlv(TAG.INTEGER, body);
}

export function smallInteger(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`integer out of range: ${n}`);
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return unsignedInteger(Buffer.from(bytes));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map((p) => {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0) throw new Error(`invalid OID ${dotted}`);
    return n;
  });
  const [first, second, ...rest] = parts;
  if (first === undefined || second === undefined) throw new Error(`invalid OID ${dotted}`);
  const out: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const chunk: number[] = [];
    let v = arc;
    chunk.unshift(v & 0x7f);
    v = Math.floor(v / 128);
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

export function decodeOid(body: Buffer): string {
  const arcs: number[] = [];
  let v = 0;
  for (const byte of body) {
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(v);
      v = 0;
    }
  }
  const [first, ...rest] = arcs;
  if (first === undefined) return '';
  const a = first < 80 ? Math.floor(first / 40) : 2;
  const b = first - a * 40;
  return [a, b, ...rest].join('.');
}

// Characters allowed in an ASN.1 PrintableString.
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** Directory string the way Go marshals it: PrintableString when possible, UTF8String otherwise. */
export function directoryString(s: string): Buffer {
  return PRINTABLE.test(s)
    ? tlv(TAG.PRINTABLE_STRING, Buffer.from(s, 'latin1'))
    : tlv(TAG.UTF8_STRING, Buffer.from(s, 'utf8'));
}

export function ia5String(s: string): Buffer {
  return tlv(TAG.IA5_STRING, Buffer.from(s, 'ascii'));
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** X.509 Time: UTCTime for years 1950..2049, GeneralizedTime otherwise (RFC 5280 4.1.2.5). */
export function time(d: Date): Buffer {
  const y = d.getUTCFullYear();
  const rest = `${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;
  if (y >= 1950 && y < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${pad(y % 100)}${rest}`, 'ascii'));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${pad(y, 4)}${rest}`, 'ascii'));
}

/** A decoded TLV, with offsets into the buffer it came from. */
export interface Node {
  tag: number;
  /** the whole TLV, header included */
  raw: Buffer;
  /** the value bytes */
  body: Buffer;
}

/** Reads one TLV at `offset`. */
export function readNode(buf: Buffer, offset = 0): Node {
  const tag = buf[offset];
  const first = buf[offset + 1];
  if (tag === undefined || first === undefined) throw new DerError('truncated input');
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let len = first;
  let headerLen = 2;
  if (first & 0x80) {
    const n = first & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported length encoding');
    len = 0;
    for (let i = 0; i < n; i++) {
      const b = buf[offset + 2 + i];
      if (b === undefined) throw new DerError('truncated length');
      len = len * 256 + b;
    }
    headerLen += n;
  }
  const end = offset + headerLen + len;
  if (end > buf.length) throw new DerError('length exceeds input');
  return { tag, raw: buf.subarray(offset, end), body: buf.subarray(offset + headerLen, end) };
}

/** Splits a constructed value's body into its child TLVs. */
export function children(node: Node): Node[] {
  const out: Node[] = [];
  let off = 0;
  while (off < node.body.length) {
    const child = readNode(node.body, off);
    out.push(child);
    off += child.raw.length;
  }
  return out;
}
