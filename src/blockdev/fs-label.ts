// The file system on a block device and its label, read from the device's first blocks: ISO 9660 (the
// primary volume descriptor at 32 KiB), FAT (the boot sector's extended parameter block), ext2/3/4 (the
// superblock at 1 KiB) and XFS (its superblock at 0). What blkid would say, for the few the agent needs.
import { open } from 'node:fs/promises';

export type LabelledFs = 'iso9660' | 'vfat' | 'ext4' | 'xfs';

export interface FsLabel {
  readonly type: LabelledFs;
  readonly label: string;
}

const HEAD = 0x8000 + 72;

const text = (b: Buffer, from: number, to: number): string =>
  b.toString('latin1', from, to).replace(/\0.*$/s, '').trim();

/** The file system and its label, or undefined when it is none of these (or unreadable). */
export async function fsLabel(device: string): Promise<FsLabel | undefined> {
  let fh;
  try {
    fh = await open(device, 'r');
    const { buffer: b, bytesRead } = await fh.read(Buffer.alloc(HEAD), 0, HEAD, 0);
    return probe(b.subarray(0, bytesRead));
  } catch {
    return undefined; // no medium, not readable
  } finally {
    await fh?.close();
  }
}

function probe(b: Buffer): FsLabel | undefined {
  if (b.length >= HEAD && b.toString('latin1', 0x8001, 0x8006) === 'CD001')
    return { type: 'iso9660', label: text(b, 0x8000 + 40, 0x8000 + 72) };
  if (b.length >= 1024 + 136 && b.readUInt16LE(1024 + 56) === 0xef53)
    return { type: 'ext4', label: text(b, 1024 + 120, 1024 + 136) };
  if (b.length >= 120 && b.toString('latin1', 0, 4) === 'XFSB')
    return { type: 'xfs', label: text(b, 108, 120) };
  if (b.length >= 512 && b.readUInt16LE(510) === 0xaa55) {
    // FAT32 keeps its extended parameter block after the longer BPB; FAT12/16 right after the short one.
    if (b[0x42] === 0x29 && b.toString('latin1', 0x52, 0x57) === 'FAT32')
      return { type: 'vfat', label: fatLabel(b, 0x47) };
    if (b[0x26] === 0x29 && b.toString('latin1', 0x36, 0x39) === 'FAT')
      return { type: 'vfat', label: fatLabel(b, 0x2b) };
  }
  return undefined;
}

const fatLabel = (b: Buffer, at: number): string => {
  const label = text(b, at, at + 11);
  return label === 'NO NAME' ? '' : label;
};
