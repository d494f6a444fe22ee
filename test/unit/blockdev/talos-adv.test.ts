import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ADV_DATA_LENGTH,
  ADV_LENGTH,
  ADV_SIZE,
  decodeAdv,
  decodeAdvCopy,
  encodeAdv,
  encodeAdvCopy,
} from '../../../src/blockdev/talos-adv';

describe("Talos's META block (ADV)", () => {
  it('lays one copy out big-endian: magic, tag, size, value, zeros, sha256, magic', () => {
    const copy = encodeAdvCopy(new Map([[6, Buffer.from('A')]]));
    expect(copy.length).toBe(256 * 1024);
    expect(copy.readUInt32BE(0)).toBe(0x5a4b3c2d);
    expect(copy.readUInt32BE(4)).toBe(6);
    expect(copy.readUInt32BE(8)).toBe(1);
    expect(copy.subarray(12, 13).toString()).toBe('A');
    expect(copy.subarray(13, ADV_LENGTH - 36).every((b) => b === 0)).toBe(true);
    expect(copy.readUInt32BE(ADV_LENGTH - 4)).toBe(0xa5b4c3d2);
    const zeroed = Buffer.from(copy).fill(0, ADV_LENGTH - 36, ADV_LENGTH - 4);
    expect(copy.subarray(ADV_LENGTH - 36, ADV_LENGTH - 4)).toEqual(
      createHash('sha256').update(zeroed).digest(),
    );
  });

  it('round-trips keys, both copies identical', () => {
    const tags = new Map([
      [10, Buffer.from('{"addresses":[]}')],
      [6, Buffer.from('A')],
      [255, Buffer.alloc(0)],
    ]);
    const all = encodeAdv(tags);
    expect(all.length).toBe(ADV_SIZE);
    expect(all.subarray(0, ADV_LENGTH)).toEqual(all.subarray(ADV_LENGTH));
    expect(decodeAdv(all)).toEqual({ tags });
  });

  it('falls back to the second copy when the first is damaged, and is empty when both are', () => {
    const all = encodeAdv(new Map([[12, Buffer.from('x')]]));
    all.writeUInt8(all.readUInt8(20) ^ 0xff, 20); // inside the first copy
    expect(() => decodeAdvCopy(all.subarray(0, ADV_LENGTH))).toThrow('checksum mismatch');
    expect(decodeAdv(all).tags.get(12)).toEqual(Buffer.from('x'));
    const zeros = decodeAdv(Buffer.alloc(ADV_SIZE));
    expect(zeros.tags.size).toBe(0);
    expect(zeros.error).toContain('magic');
  });

  it('refuses values that do not fit', () => {
    expect(() => encodeAdvCopy(new Map([[1, Buffer.alloc(ADV_DATA_LENGTH - 8)]]))).not.toThrow();
    expect(() => encodeAdvCopy(new Map([[1, Buffer.alloc(ADV_DATA_LENGTH - 7)]]))).toThrow(
      'adv: overflow 1 bytes',
    );
  });
});
