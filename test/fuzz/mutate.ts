// Input makers shared by the fuzz targets: byte-level mutations of valid seeds (the inputs closest to
// what a parser really sees), and values that sit on the edges of integer fields.
import fc from 'fast-check';

/** Integers that break length and offset arithmetic. */
export const edgeUint32 = fc.constantFrom(
  0,
  1,
  2,
  0x7f,
  0x80,
  0xff,
  0x100,
  0x7fff,
  0xffff,
  0x10000,
  0x7fffffff,
  0x80000000,
  0xfffffffe,
  0xffffffff,
);

type Op =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'u32'; at: number; value: number; le: boolean }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'repeat'; at: number; length: number; times: number };

const position = fc.nat({ max: 1 << 20 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: position, value: fc.nat({ max: 255 }) }),
  fc.record({
    kind: fc.constant('u32' as const),
    at: position,
    value: fc.oneof(edgeUint32, fc.nat({ max: 0xffffffff })),
    le: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: fc.uint8Array({ maxLength: 32 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({
    kind: fc.constant('repeat' as const),
    at: position,
    length: fc.integer({ min: 1, max: 64 }),
    times: fc.integer({ min: 1, max: 16 }),
  }),
);

function apply(seed: Buffer, ops: readonly Op[]): Buffer {
  let b = Buffer.from(seed);
  for (const o of ops) {
    if (b.length === 0 && o.kind !== 'insert') continue;
    const at = o.at % Math.max(b.length, 1);
    switch (o.kind) {
      case 'flip':
        b[at] = b[at]! ^ (1 << o.bit);
        break;
      case 'set':
        b[at] = o.value;
        break;
      case 'u32':
        if (at + 4 <= b.length) {
          if (o.le) b.writeUInt32LE(o.value >>> 0, at);
          else b.writeUInt32BE(o.value >>> 0, at);
        }
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, at), o.bytes, b.subarray(at)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + o.length)]);
        break;
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'repeat': {
        const part = b.subarray(at, at + o.length);
        b = Buffer.concat([b.subarray(0, at), ...Array<Buffer>(o.times).fill(part), b.subarray(at)]);
        break;
      }
    }
  }
  return b;
}

/** One of the seeds with 1–8 mutations applied. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(op, { minLength: 1, maxLength: 8 }))
    .map(([i, ops]) => apply(seeds[i]!, ops));
}

/** Mutated seeds, random bytes, and the seeds themselves (which must be accepted). */
export function bytesAround(seeds: readonly Buffer[], maxRandom = 2048): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 6, arbitrary: mutatedBytes(seeds) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: maxRandom }).map((u) => Buffer.from(u)) },
    { weight: 1, arbitrary: fc.constantFrom(...seeds) },
  );
}
