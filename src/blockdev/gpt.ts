// The GUID partition table, written and read by the agent itself: a protective MBR, the primary header
// and entry array after it, their backups at the end of the disk, CRC32s over both. The MBR's boot code
// (the first 440 bytes) is left as it is, for a BIOS bootloader installed before or after.
//
// Nothing a table says is trusted before it is checked against the disk: the header's size, the entry
// size and count, and every LBA are bounded before anything is allocated or read, and each partition
// keeps the number the table gives it (its entry's position), so a table with a gap never shifts the
// partitions after it. A damaged primary falls back to the backup at the disk's end, as UEFI does.
import { crc32 } from 'node:zlib';
import { GptError } from './gpt-error';
import { guidFromBytes, guidToBytes } from './guid';

export { GptError, isGptError, type GptErrorReason } from './gpt-error';

export const SECTOR = 512;
const ENTRY_SIZE = 128;
const ENTRY_COUNT = 128;
const ENTRIES_SECTORS = (ENTRY_SIZE * ENTRY_COUNT) / SECTOR; // 32
const HEADER_SIZE = 92;
const SIGNATURE = 'EFI PART';
const REVISION = 0x00010000;
/** The most entries a table we read may declare (Linux reads any count; 128 is what every tool writes). */
export const MAX_ENTRY_COUNT = 1024;

export interface GptPartition {
  /** The partition's number: its entry's position in the array, from 1 (`/dev/vda<index>`). */
  readonly index: number;
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
  /** The used entries, by index. */
  readonly partitions: readonly GptPartition[];
}

/** The first and last sector partitions may use on a disk of `sectors` sectors. */
export function usableRange(sectors: bigint): { first: bigint; last: bigint } {
  return { first: 2n + BigInt(ENTRIES_SECTORS), last: sectors - 2n - BigInt(ENTRIES_SECTORS) };
}

/** The lowest entry number no partition of `t` uses. */
export function freeIndex(t: GptTable): number {
  const used = new Set(t.partitions.map((p) => p.index));
  for (let i = 1; i <= ENTRY_COUNT; i++) if (!used.has(i)) return i;
  throw new GptError('full', `all ${ENTRY_COUNT} partition entries are in use`);
}

function entriesArray(partitions: readonly GptPartition[]): Buffer {
  const buf = Buffer.alloc(ENTRY_SIZE * ENTRY_COUNT);
  for (const p of partitions) {
    const off = (p.index - 1) * ENTRY_SIZE;
    guidToBytes(p.typeGuid).copy(buf, off);
    guidToBytes(p.uniqueGuid).copy(buf, off + 16);
    buf.writeBigUInt64LE(p.firstLba, off + 32);
    buf.writeBigUInt64LE(p.lastLba, off + 40);
    buf.writeBigUInt64LE(p.attributes, off + 48);
    const name = Buffer.from(p.name, 'utf16le');
    if (name.length > 72)
      throw new GptError('bad-partition', `partition name ${JSON.stringify(p.name)} is too long`);
    name.copy(buf, off + 56);
  }
  return buf;
}

function header(t: GptTable, current: bigint, backup: bigint, entriesLba: bigint, entriesCrc: number) {
  const buf = Buffer.alloc(SECTOR);
  buf.write(SIGNATURE, 0, 'latin1');
  buf.writeUInt32LE(REVISION, 8);
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

export interface GptWrite {
  readonly offset: number;
  readonly data: Buffer;
}

/**
 * Where each piece of a table goes, in two steps to be flushed one after the other: the backup (entries,
 * then header) first, then the MBR and the primary. A power cut between or during them leaves one
 * complete copy, old or new, that the reader picks up.
 */
export function gptWrites(t: GptTable, existingMbr: Buffer): { backup: GptWrite[]; primary: GptWrite[] } {
  validate(t);
  const entries = entriesArray(t.partitions);
  const crc = crc32(entries);
  const last = t.sectors - 1n;
  const backupEntries = last - BigInt(ENTRIES_SECTORS);
  const at = (lba: bigint) => Number(lba) * SECTOR;
  return {
    backup: [
      { offset: at(backupEntries), data: entries },
      { offset: at(last), data: header(t, last, 1n, backupEntries, crc) },
    ],
    primary: [
      { offset: 0, data: protectiveMbr(t.sectors, existingMbr) },
      { offset: at(2n), data: entries },
      { offset: at(1n), data: header(t, 1n, last, 2n, crc) },
    ],
  };
}

function validate(t: GptTable): void {
  const { first, last } = usableRange(t.sectors);
  if (t.firstUsableLba < first || t.lastUsableLba > last)
    throw new GptError('bounds', 'usable range exceeds the disk');
  const indexes = new Set<number>();
  for (const p of t.partitions) {
    if (!Number.isInteger(p.index) || p.index < 1 || p.index > ENTRY_COUNT)
      throw new GptError('bad-partition', `partition number ${p.index} is outside 1-${ENTRY_COUNT}`);
    if (indexes.has(p.index))
      throw new GptError('bad-partition', `partition number ${p.index} is used twice`);
    indexes.add(p.index);
  }
  const sorted = [...t.partitions].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  let end = t.firstUsableLba - 1n;
  for (const p of sorted) {
    if (p.firstLba <= end || p.lastLba < p.firstLba || p.lastLba > t.lastUsableLba)
      throw new GptError(
        'overlap',
        `partition ${JSON.stringify(p.name)} does not fit (sectors ${p.firstLba}-${p.lastLba})`,
      );
    end = p.lastLba;
  }
}

type Read = (offset: number, length: number) => Buffer;

interface Header {
  readonly myLba: bigint;
  readonly alternateLba: bigint;
  readonly firstUsableLba: bigint;
  readonly lastUsableLba: bigint;
  readonly diskGuid: string;
  readonly entriesLba: bigint;
  readonly count: number;
  readonly crc: number;
}

/** Checks a header sector found at `lba` of a disk of `sectors` sectors. */
function parseHeader(buf: Buffer, lba: bigint, sectors: bigint): Header {
  if (buf.length < SECTOR || buf.toString('latin1', 0, 8) !== SIGNATURE)
    throw new GptError('no-signature', `no GPT signature at sector ${lba}`);
  const revision = buf.readUInt32LE(8);
  if (revision >>> 16 !== 1) throw new GptError('unsupported', `GPT revision ${revision.toString(16)}`);
  const size = buf.readUInt32LE(12);
  if (size < HEADER_SIZE || size > SECTOR)
    throw new GptError('bad-header', `GPT header size ${size} is outside ${HEADER_SIZE}-${SECTOR}`);
  const copy = Buffer.from(buf.subarray(0, size));
  copy.writeUInt32LE(0, 16);
  if (crc32(copy) !== buf.readUInt32LE(16)) throw new GptError('checksum', 'GPT header checksum mismatch');
  const h: Header = {
    myLba: buf.readBigUInt64LE(24),
    alternateLba: buf.readBigUInt64LE(32),
    firstUsableLba: buf.readBigUInt64LE(40),
    lastUsableLba: buf.readBigUInt64LE(48),
    diskGuid: guidFromBytes(buf.subarray(56, 72)),
    entriesLba: buf.readBigUInt64LE(72),
    count: buf.readUInt32LE(80),
    crc: buf.readUInt32LE(88),
  };
  const entrySize = buf.readUInt32LE(84);
  if (entrySize !== ENTRY_SIZE)
    throw new GptError('unsupported', `GPT entry size ${entrySize} (only ${ENTRY_SIZE} is supported)`);
  if (h.count < 1 || h.count > MAX_ENTRY_COUNT)
    throw new GptError('bounds', `GPT entry count ${h.count} is outside 1-${MAX_ENTRY_COUNT}`);
  if (h.myLba !== lba) throw new GptError('bounds', `GPT header at sector ${lba} says it is at ${h.myLba}`);
  if (h.alternateLba < 1n || h.alternateLba >= sectors)
    throw new GptError('bounds', `GPT alternate header sector ${h.alternateLba} is outside the disk`);
  const entrySectors = BigInt(Math.ceil((h.count * ENTRY_SIZE) / SECTOR));
  const entriesEnd = h.entriesLba + entrySectors - 1n;
  if (h.firstUsableLba > h.lastUsableLba || h.lastUsableLba >= sectors || h.firstUsableLba < 2n)
    throw new GptError('bounds', `GPT usable sectors ${h.firstUsableLba}-${h.lastUsableLba} do not fit`);
  const entriesFit =
    h.entriesLba >= 2n &&
    entriesEnd < sectors &&
    (entriesEnd < h.firstUsableLba || h.entriesLba > h.lastUsableLba) &&
    (h.entriesLba > lba || entriesEnd < lba);
  if (!entriesFit)
    throw new GptError('bounds', `GPT entries at sectors ${h.entriesLba}-${entriesEnd} do not fit`);
  return h;
}

function parseEntries(h: Header, read: Read): GptPartition[] {
  const entries = read(Number(h.entriesLba) * SECTOR, h.count * ENTRY_SIZE);
  if (entries.length !== h.count * ENTRY_SIZE) throw new GptError('bounds', 'GPT entries are cut short');
  if (crc32(entries) !== h.crc) throw new GptError('checksum', 'GPT entry array checksum mismatch');
  const partitions: GptPartition[] = [];
  for (let i = 0; i < h.count; i++) {
    const e = entries.subarray(i * ENTRY_SIZE, (i + 1) * ENTRY_SIZE);
    if (e.subarray(0, 16).every((b) => b === 0)) continue;
    const p: GptPartition = {
      index: i + 1,
      typeGuid: guidFromBytes(e.subarray(0, 16)),
      uniqueGuid: guidFromBytes(e.subarray(16, 32)),
      firstLba: e.readBigUInt64LE(32),
      lastLba: e.readBigUInt64LE(40),
      attributes: e.readBigUInt64LE(48),
      name: decodeName(e.subarray(56, 128)),
    };
    if (p.firstLba > p.lastLba || p.firstLba < h.firstUsableLba || p.lastLba > h.lastUsableLba)
      throw new GptError(
        'bounds',
        `partition ${p.index} (sectors ${p.firstLba}-${p.lastLba}) is outside the usable sectors`,
      );
    partitions.push(p);
  }
  const sorted = [...partitions].sort((a, b) => (a.firstLba < b.firstLba ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.firstLba <= sorted[i - 1]!.lastLba)
      throw new GptError('overlap', `partitions ${sorted[i - 1]!.index} and ${sorted[i]!.index} overlap`);
  }
  return partitions;
}

/** A UTF-16LE name up to its first NUL (a lone surrogate becomes U+FFFD). */
function decodeName(b: Buffer): string {
  let end = 0;
  while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
  return b.toString('utf16le', 0, end);
}

function tableFrom(h: Header, sectors: bigint, read: Read): GptTable {
  return {
    diskGuid: h.diskGuid,
    sectors,
    firstUsableLba: h.firstUsableLba,
    lastUsableLba: h.lastUsableLba,
    partitions: parseEntries(h, read),
  };
}

/**
 * Parses a disk's table (`read(offset, length)` reads the disk): the primary, or the backup at the last
 * sector when the primary is damaged or missing. Throws GptError when neither is whole (the primary's
 * fault, or the backup's when there is no primary at all); a disk without a signature in either place
 * throws `no-signature`.
 */
export function parseGpt(sectors: bigint, read: Read): GptTable {
  if (sectors < 3n) throw new GptError('no-signature', 'disk is too small for a GPT');
  let primaryError: GptError;
  try {
    return tableFrom(parseHeader(read(SECTOR, SECTOR), 1n, sectors), sectors, read);
  } catch (e: unknown) {
    if (!(e instanceof GptError)) throw e;
    primaryError = e;
  }
  const last = sectors - 1n;
  try {
    return tableFrom(parseHeader(read(Number(last) * SECTOR, SECTOR), last, sectors), sectors, read);
  } catch (e: unknown) {
    if (!(e instanceof GptError)) throw e;
    // Without a primary, the backup's own fault says more (a blank disk has neither).
    throw primaryError.reason === 'no-signature' ? e : primaryError;
  }
}
