// The GUID partition table, written and read by the agent itself: a protective MBR, the primary header
// and entry array after it, their backups at the end of the disk, CRC32s over both. The MBR's boot code
// (the first 440 bytes) is left as it is, for a BIOS bootloader installed before or after.
import { crc32 } from 'node:zlib';
import { guidFromBytes, guidToBytes } from './guid';

export const SECTOR = 512;
const ENTRY_SIZE = 128;
const ENTRY_COUNT = 128;
const ENTRIES_SECTORS = (ENTRY_SIZE * ENTRY_COUNT) / SECTOR; // 32
const HEADER_SIZE = 92;
const SIGNATURE = 'EFI PART';

export interface GptPartition {
  readonly typeGuid: string;
  readonly uniqueGuid: string;
  readonly firstLba: bigint;
  /** Inclusive. */
  readonly lastLba: bigint;
  readonly attributes: bigint;
  readonly name: string;
}

export interface GptTable {
  readonly diskGuid: string;
  /** The disk's size in sectors. */
  readonly sectors: bigint;
  readonly firstUsableLba: bigint;
  readonly lastUsableLba: bigint;
  readonly partitions: readonly GptPartition[];
}

export class GptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GptError';
  }
}

/** The first and last sector partitions may use on a disk of `sectors` sectors. */
export function usableRange(sectors: bigint): { first: bigint; last: bigint } {
  return { first: 2n + BigInt(ENTRIES_SECTORS), last: sectors - 2n - BigInt(ENTRIES_SECTORS) };
}

function entriesArray(partitions: readonly GptPartition[]): Buffer {
  if (partitions.length > ENTRY_COUNT) throw new GptError(`at most ${ENTRY_COUNT} partitions`);
  const buf = Buffer.alloc(ENTRY_SIZE * ENTRY_COUNT);
  partitions.forEach((p, i) => {
    const off = i * ENTRY_SIZE;
    guidToBytes(p.typeGuid).copy(buf, off);
    guidToBytes(p.uniqueGuid).copy(buf, off + 16);
    buf.writeBigUInt64LE(p.firstLba, off + 32);
    buf.writeBigUInt64LE(p.lastLba, off + 40);
    buf.writeBigUInt64LE(p.attributes, off + 48);
    const name = Buffer.from(p.name, 'utf16le');
    if (name.length > 72) throw new GptError(`partition name ${JSON.stringify(p.name)} is too long`);
    name.copy(buf, off + 56);
  });
  return buf;
}

function header(t: GptTable, current: bigint, backup: bigint, entriesLba: bigint, entriesCrc: number) {
  const buf = Buffer.alloc(SECTOR);
  buf.write(SIGNATURE, 0, 'latin1');
  buf.writeUInt32LE(0x00010000, 8);
  buf.writeUInt32LE(HEADER_SIZE, 12);
  buf.writeBigUInt64LE(current, 24);
  buf.writeBigUInt64LE(backup, 32);
  buf.writeBigUInt64LE(t.firstUsableLba, 40);
  buf.writeBigUInt64LE(t.lastUsableLba, 48);
  guidToBytes(t.diskGuid).copy(buf, 56);
  buf.writeBigUInt64LE(entriesLba, 72);
  buf.writeUInt32LE(ENTRY_COUNT, 80);
  buf.writeUInt32LE(ENTRY_SIZE, 84);
  buf.writeUInt32LE(entriesCrc, 88);
  buf.writeUInt32LE(crc32(buf.subarray(0, HEADER_SIZE)), 16);
  return buf;
}

/** The MBR's partition table and signature, keeping `existing`'s boot code. */
function protectiveMbr(sectors: bigint, existing: Buffer): Buffer {
  const mbr = Buffer.alloc(SECTOR);
  existing.copy(mbr, 0, 0, 440);
  const p = 446;
  mbr.writeUInt8(0x00, p);
  mbr.writeUIntLE(0x000200, p + 1, 3);
  mbr.writeUInt8(0xee, p + 4);
  mbr.writeUIntLE(0xffffff, p + 5, 3);
  mbr.writeUInt32LE(1, p + 8);
  const size = sectors - 1n > 0xffffffffn ? 0xffffffffn : sectors - 1n;
  mbr.writeUInt32LE(Number(size), p + 12);
  mbr.writeUInt16LE(0xaa55, 510);
  return mbr;
}

/** Where each piece of a table goes: byte offset and content. */
export function gptWrites(t: GptTable, existingMbr: Buffer): { offset: number; data: Buffer }[] {
  validate(t);
  const entries = entriesArray(t.partitions);
  const crc = crc32(entries);
  const last = t.sectors - 1n;
  const backupEntries = last - BigInt(ENTRIES_SECTORS);
  const at = (lba: bigint) => Number(lba) * SECTOR;
  return [
    { offset: 0, data: protectiveMbr(t.sectors, existingMbr) },
    { offset: at(1n), data: header(t, 1n, last, 2n, crc) },
    { offset: at(2n), data: entries },
    { offset: at(backupEntries), data: entries },
    { offset: at(last), data: header(t, last, 1n, backupEntries, crc) },
  ];
}

function validate(t: GptTable): void {
  const { first, last } = usableRange(t.sectors);
  if (t.firstUsableLba < first || t.lastUsableLba > last) throw new GptError('usable range exceeds the disk');
  const sorted = [...t.partitions].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  let end = t.firstUsableLba - 1n;
  for (const p of sorted) {
    if (p.firstLba <= end || p.lastLba < p.firstLba || p.lastLba > t.lastUsableLba)
      throw new GptError(
        `partition ${JSON.stringify(p.name)} does not fit (sectors ${p.firstLba}-${p.lastLba})`,
      );
    end = p.lastLba;
  }
}

/** Largest entry array read (UEFI's minimum is 16 KiB; 128 entries of 128 bytes are what everyone writes). */
const MAX_ENTRIES_BYTES = 1024 * 1024;

function parseHeader(
  buf: Buffer,
  sectors: bigint,
): { entriesLba: bigint; count: number; size: number; crc: number } & Omit<
  GptTable,
  'partitions' | 'sectors'
> {
  if (buf.length < SECTOR || buf.toString('latin1', 0, 8) !== SIGNATURE)
    throw new GptError('no GPT signature');
  const size = buf.readUInt32LE(12);
  if (size < HEADER_SIZE || size > SECTOR) throw new GptError(`GPT header size ${size} is out of range`);
  const copy = Buffer.from(buf.subarray(0, size));
  copy.writeUInt32LE(0, 16);
  if (crc32(copy) !== buf.readUInt32LE(16)) throw new GptError('GPT header checksum mismatch');
  const h = {
    firstUsableLba: buf.readBigUInt64LE(40),
    lastUsableLba: buf.readBigUInt64LE(48),
    diskGuid: guidFromBytes(buf.subarray(56, 72)),
    entriesLba: buf.readBigUInt64LE(72),
    count: buf.readUInt32LE(80),
    size: buf.readUInt32LE(84),
    crc: buf.readUInt32LE(88),
  };
  // A checksum is no proof of sanity: everything used to read further is bounded by the disk.
  if (h.size < ENTRY_SIZE || h.size % 8 !== 0 || h.size > SECTOR)
    throw new GptError(`GPT entry size ${h.size} is out of range`);
  if (h.count * h.size > MAX_ENTRIES_BYTES)
    throw new GptError(`GPT entry array of ${h.count} entries is too large`);
  const entriesSectors = BigInt(Math.ceil((h.count * h.size) / SECTOR));
  if (h.entriesLba < 2n || h.entriesLba + entriesSectors > sectors)
    throw new GptError('GPT entry array lies outside the disk');
  if (h.firstUsableLba > h.lastUsableLba || h.lastUsableLba >= sectors)
    throw new GptError('GPT usable range lies outside the disk');
  return h;
}

/** Parses a table from the disk's primary header (`read(offset, length)` reads the disk). */
export function parseGpt(sectors: bigint, read: (offset: number, length: number) => Buffer): GptTable {
  if (sectors < 3n) throw new GptError('disk too small for a GPT');
  const h = parseHeader(read(SECTOR, SECTOR), sectors);
  const entries = read(Number(h.entriesLba) * SECTOR, h.count * h.size);
  if (crc32(entries) !== h.crc) throw new GptError('GPT entry array checksum mismatch');
  const partitions: GptPartition[] = [];
  for (let i = 0; i < h.count; i++) {
    const e = entries.subarray(i * h.size, i * h.size + ENTRY_SIZE);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    partitions.push({
      typeGuid: guidFromBytes(e.subarray(0, 16)),
      uniqueGuid: guidFromBytes(e.subarray(16, 32)),
      firstLba: e.readBigUInt64LE(32),
      lastLba: e.readBigUInt64LE(40),
      attributes: e.readBigUInt64LE(48),
      name: e.toString('utf16le', 56, 128).replace(/\0+$/, ''),
    });
  }
  const { entriesLba: _l, count: _c, size: _s, crc: _r, ...rest } = h;
  return { ...rest, sectors, partitions };
}
