// The GPT reader against tables it did not write: random valid tables (with gaps between entry numbers)
// round-trip with their numbers; corrupted and crafted ones (bytes flipped, header fields replaced with
// the CRC made right again, so the checks past the CRC are reached) give back a table that fits the
// disk or a GptError, never another error, and never a read larger than the bounded entry array; a
// write cut short at any step leaves the old or the new table readable.
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  gptWrites,
  GptError,
  MAX_ENTRY_COUNT,
  parseGpt,
  SECTOR,
  usableRange,
  type GptPartition,
  type GptTable,
} from '../../../src/blockdev/gpt';

const SECTORS = 4096n; // a 2 MiB disk
const MAX_READ = MAX_ENTRY_COUNT * 128;

function blank(): Buffer {
  return Buffer.alloc(Number(SECTORS) * SECTOR);
}

function apply(disk: Buffer, table: GptTable, steps = Infinity): void {
  const { backup, primary } = gptWrites(table, disk.subarray(0, SECTOR));
  [...backup, ...primary].slice(0, steps).forEach(({ offset, data }) => data.copy(disk, offset));
}

/** Reads from the disk image, short past its end, and remembers the largest read asked for. */
function reader(disk: Buffer) {
  const seen = { max: 0 };
  const read = (offset: number, length: number): Buffer => {
    seen.max = Math.max(seen.max, length);
    if (length > MAX_READ) throw new Error(`read of ${length} bytes asked for`);
    return Buffer.from(disk.subarray(offset, offset + length));
  };
  return { read, seen };
}

const guid = fc
  .uint8Array({ minLength: 16, maxLength: 16 })
  .filter((b) => b.some((x) => x !== 0))
  .map((b) => {
    const h = Buffer.from(b).toString('hex').toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  });

/** Up to 8 partitions in order on the disk, each at a random entry number (1-128, gaps allowed). */
const tableArb: fc.Arbitrary<GptTable> = fc
  .record({
    diskGuid: guid,
    sizes: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 0, maxLength: 8 }),
    indexes: fc.uniqueArray(fc.integer({ min: 1, max: 128 }), { minLength: 8, maxLength: 8 }),
    guids: fc.array(fc.tuple(guid, guid), { minLength: 8, maxLength: 8 }),
    names: fc.array(fc.string({ maxLength: 36, unit: 'grapheme-ascii' }), { minLength: 8, maxLength: 8 }),
    attributes: fc.array(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ diskGuid, sizes, indexes, guids, names, attributes }) => {
    const { first, last } = usableRange(SECTORS);
    let next = first;
    const partitions: GptPartition[] = [];
    sizes.forEach((size, i) => {
      const end = next + BigInt(size) - 1n;
      if (end > last) return;
      partitions.push({
        index: indexes[i]!,
        typeGuid: guids[i]![0],
        uniqueGuid: guids[i]![1],
        firstLba: next,
        lastLba: end,
        attributes: attributes[i]!,
        name: names[i]!.replace(/\0/g, ''),
      });
      next = end + 1n;
    });
    return { diskGuid, sectors: SECTORS, firstUsableLba: first, lastUsableLba: last, partitions };
  });

const byIndex = (t: GptTable) => [...t.partitions].sort((a, b) => a.index - b.index);

/** What every table the reader returns must satisfy. */
function checkSane(t: GptTable): void {
  expect(t.firstUsableLba).toBeLessThanOrEqual(t.lastUsableLba);
  expect(t.lastUsableLba).toBeLessThan(SECTORS);
  const sorted = [...t.partitions].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  let end = -1n;
  const seen = new Set<number>();
  for (const p of sorted) {
    expect(p.index).toBeGreaterThanOrEqual(1);
    expect(p.index).toBeLessThanOrEqual(MAX_ENTRY_COUNT);
    expect(seen.has(p.index)).toBe(false);
    seen.add(p.index);
    expect(p.firstLba).toBeGreaterThanOrEqual(t.firstUsableLba);
    expect(p.lastLba).toBeLessThanOrEqual(t.lastUsableLba);
    expect(p.firstLba).toBeGreaterThan(end);
    end = p.lastLba;
  }
}

/** Parses, and answers the table or the GptError; anything else fails the property. */
function parseOrGptError(disk: Buffer): GptTable | GptError {
  const { read, seen } = reader(disk);
  try {
    const t = parseGpt(SECTORS, read);
    checkSane(t);
    return t;
  } catch (e: unknown) {
    if (e instanceof GptError) return e;
    throw e;
  } finally {
    expect(seen.max).toBeLessThanOrEqual(MAX_READ);
  }
}

/** Replaces a 32- or 64-bit header field at `lba` and fixes the header's CRC. */
function craftHeader(disk: Buffer, lba: number, field: number, value: bigint, wide: boolean): void {
  const h = disk.subarray(lba * SECTOR, (lba + 1) * SECTOR);
  if (wide) h.writeBigUInt64LE(value & 0xffffffffffffffffn, field);
  else h.writeUInt32LE(Number(value & 0xffffffffn), field);
  const size = h.readUInt32LE(12);
  if (size >= 92 && size <= SECTOR) {
    const copy = Buffer.from(h.subarray(0, size));
    copy.writeUInt32LE(0, 16);
    h.writeUInt32LE(crc32(copy), 16);
  }
}

describe('GPT reader (property)', () => {
  it('round-trips random tables, keeping each partition number', () => {
    fc.assert(
      fc.property(tableArb, (table) => {
        const disk = blank();
        apply(disk, table);
        const back = parseGpt(SECTORS, reader(disk).read);
        expect(byIndex(back)).toEqual(byIndex(table));
      }),
      { numRuns: 200 },
    );
  });

  it('answers a sane table or a GptError for flipped bytes anywhere in either copy', () => {
    const regions = [
      [SECTOR, 2 * SECTOR], // primary header
      [2 * SECTOR, 34 * SECTOR], // primary entries
      [(Number(SECTORS) - 33) * SECTOR, Number(SECTORS) * SECTOR], // backup entries and header
    ] as const;
    fc.assert(
      fc.property(
        tableArb,
        fc.array(
          fc.record({
            region: fc.integer({ min: 0, max: 2 }),
            at: fc.nat(),
            value: fc.integer({ min: 0, max: 255 }),
          }),
          { minLength: 1, maxLength: 12 },
        ),
        (table, flips) => {
          const disk = blank();
          apply(disk, table);
          for (const f of flips) {
            const [start, end] = regions[f.region]!;
            disk[start + (f.at % (end - start))] = f.value;
          }
          parseOrGptError(disk);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('bounds crafted header fields whose CRC is right', () => {
    // offset, 64-bit: sizes and counts first, then every LBA
    const fields = [
      [12, false],
      [80, false],
      [84, false],
      [24, true],
      [32, true],
      [40, true],
      [48, true],
      [72, true],
    ] as const;
    const value = fc.oneof(
      fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
      fc.bigInt({ min: 0n, max: SECTORS + 64n }),
      fc.constantFrom(0n, 1n, 2n, 33n, 34n, 0xffffffffn, 0x7fffffffn, 0xffffffffffffffffn),
    );
    fc.assert(
      fc.property(
        tableArb,
        fc.boolean(),
        fc.array(fc.tuple(fc.integer({ min: 0, max: fields.length - 1 }), value), {
          minLength: 1,
          maxLength: 4,
        }),
        (table, backupToo, edits) => {
          const disk = blank();
          apply(disk, table);
          for (const [f, v] of edits) {
            const [field, wide] = fields[f]!;
            craftHeader(disk, 1, field, v, wide);
            if (backupToo) craftHeader(disk, Number(SECTORS) - 1, field, v, wide);
          }
          parseOrGptError(disk);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses a huge entry array on a huge disk before reading it', () => {
    // A 2 TiB disk of zeros but for a primary header whose usable area starts after an entry array
    // of `count` entries: every other check passes, only the count bound stands between the reader
    // and an allocation of count × 128 bytes (the old reader asked for it, or threw a RangeError).
    const sectors = 1n << 32n;
    fc.assert(
      fc.property(fc.integer({ min: MAX_ENTRY_COUNT + 1, max: 0xffffffff }), (count) => {
        const head = Buffer.alloc(SECTOR);
        head.write('EFI PART', 0, 'latin1');
        head.writeUInt32LE(0x00010000, 8);
        head.writeUInt32LE(92, 12);
        head.writeBigUInt64LE(1n, 24);
        head.writeBigUInt64LE(sectors - 1n, 32);
        const entrySectors = BigInt(Math.ceil((count * 128) / SECTOR));
        head.writeBigUInt64LE(2n + entrySectors, 40);
        head.writeBigUInt64LE(sectors - 34n, 48);
        head.writeBigUInt64LE(2n, 72);
        head.writeUInt32LE(count, 80);
        head.writeUInt32LE(128, 84);
        head.writeUInt32LE(crc32(head.subarray(0, 92)), 16);
        let largest = 0;
        const read = (offset: number, length: number): Buffer => {
          largest = Math.max(largest, length);
          if (length > MAX_READ) throw new Error(`read of ${length} bytes asked for`);
          return offset === SECTOR ? Buffer.from(head) : Buffer.alloc(length);
        };
        expect(() => parseGpt(sectors, read)).toThrow(GptError);
        expect(largest).toBeLessThanOrEqual(MAX_READ);
      }),
      { numRuns: 100 },
    );
  });

  it('reads the old or the new table after a write cut short at any step', () => {
    fc.assert(
      fc.property(tableArb, tableArb, fc.integer({ min: 0, max: 5 }), (before, after, steps) => {
        const disk = blank();
        apply(disk, before);
        apply(disk, after, steps);
        const back = parseGpt(SECTORS, reader(disk).read);
        const got = byIndex(back);
        expect([byIndex(before), byIndex(after)]).toContainEqual(got);
      }),
      { numRuns: 200 },
    );
  });
});
