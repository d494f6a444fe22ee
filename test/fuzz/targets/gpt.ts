// The GPT reader on a disk someone else wrote: a table made by our writer, its first 34 sectors
// (protective MBR, header, entry array) mutated, on disks of several sizes (refusals: GptError).
// Reads go through a function like the real one, which allocates what it is asked for: a request for
// more than the disk holds is a crash (the parser must bound what it reads by the disk first).
import fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { GptError, gptWrites, parseGpt, SECTOR, usableRange, type GptTable } from '../../../src/blockdev/gpt';
import { errorClass, hex, type FuzzTarget } from '../fuzz-target';
import { edgeUint32, mutatedBytes } from '../mutate';

const SECTORS = 2048n; // a 1 MiB disk
const LINUX = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

function image(partitions: number): Buffer {
  const { first, last } = usableRange(SECTORS);
  const table: GptTable = {
    diskGuid: '9B4E2E5A-7A9F-4A3C-8E1D-0C7F6E5D4C3B',
    sectors: SECTORS,
    firstUsableLba: first,
    lastUsableLba: last,
    partitions: Array.from({ length: partitions }, (_, i) => ({
      index: i + 1,
      typeGuid: LINUX,
      uniqueGuid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      firstLba: first + BigInt(i * 100),
      lastLba: first + BigInt(i * 100 + 99),
      attributes: 0n,
      name: ['EFI', 'BIOS', 'BOOT', 'META', 'STATE', 'EPHEMERAL'][i % 6]!,
    })),
  };
  const disk = Buffer.alloc(Number(SECTORS) * SECTOR);
  const { backup, primary } = gptWrites(table, Buffer.alloc(SECTOR));
  for (const w of [...backup, ...primary]) w.data.copy(disk, w.offset);
  return disk.subarray(0, 34 * SECTOR);
}
const SEEDS = [image(1), image(6)];

/** The header's checksum made right again, so that mutations of its fields get past it. */
function resealHeader(head: Buffer): Buffer {
  const h = Buffer.from(head);
  if (h.length < 2 * SECTOR) return h;
  const size = h.readUInt32LE(SECTOR + 12);
  if (size >= 92 && size <= SECTOR) {
    h.writeUInt32LE(0, SECTOR + 16);
    h.writeUInt32LE(crc32(h.subarray(SECTOR, SECTOR + size)), SECTOR + 16);
  }
  return h;
}

/** Header fields set to edge values, the checksum made right. */
const FIELDS = [12, 24, 32, 40, 44, 48, 52, 72, 76, 80, 84, 88];
const fieldEdits = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.constantFrom(...FIELDS), edgeUint32), { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, edits]) => {
    const h = Buffer.from(seed);
    for (const [at, v] of edits) h.writeUInt32LE(v >>> 0, SECTOR + at);
    return resealHeader(h);
  });

interface Disk {
  readonly head: Buffer;
  readonly sectors: bigint;
}

const sectors = fc.constantFrom(0n, 1n, 2n, 33n, 34n, 67n, 68n, 1000n, SECTORS, 1n << 40n);

export const gptTarget: FuzzTarget<Disk> = {
  name: 'gpt',
  arbitrary: fc.record({
    head: fc.oneof(
      { weight: 3, arbitrary: mutatedBytes(SEEDS).map(resealHeader) },
      { weight: 3, arbitrary: fieldEdits },
      { weight: 1, arbitrary: mutatedBytes(SEEDS) },
      { weight: 1, arbitrary: fc.constantFrom(...SEEDS) },
    ),
    sectors: fc.oneof({ weight: 4, arbitrary: fc.constant(SECTORS) }, { weight: 1, arbitrary: sectors }),
  }),
  run: ({ head, sectors: n }) => {
    const size = n * BigInt(SECTOR);
    parseGpt(n, (offset, length) => {
      if (BigInt(offset) + BigInt(length) > size)
        throw new Error(`read of ${length} bytes at ${offset} past the end of a ${size}-byte disk`);
      const out = Buffer.alloc(length);
      head.copy(out, 0, Math.min(offset, head.length), Math.min(offset + length, head.length));
      return out;
    });
  },
  refused: errorClass(GptError),
  show: ({ head, sectors: n }) =>
    `sectors ${n}, header ${hex(head.subarray(SECTOR, SECTOR + 92))}, ${head.length} bytes`,
};
