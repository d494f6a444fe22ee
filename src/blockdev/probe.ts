// What is on a block device, read from its first bytes as blkid would tell it: a LUKS2 header, a file
// system (XFS, ext4, FAT, ISO 9660, swap) with its UUID, label and sizes, or nothing known. An XFS
// whose mkfs never finished (the superblock still says "in progress") counts as nothing: it holds no
// data and may be formatted again.
import { open } from 'node:fs/promises';
import { hasLuksMagic, LuksHeaderError, parseLuksHeader } from './luks-header';

export interface ProbeResult {
  /** `luks`, `xfs`, `ext4`, `vfat`, `iso9660`, `swap`, or '' when nothing known is there. */
  readonly name: string;
  readonly uuid?: string;
  readonly label?: string;
  /** The file system's sector size (blkid's BLOCK_SIZE). */
  readonly blockSize?: number;
  readonly filesystemBlockSize?: number;
  /** The size the file system says it has, in bytes. */
  readonly probedSize?: number;
  /** Set when the LUKS magic is there but neither header copy is whole. */
  readonly damaged?: string;
  /**
   * For nothing known: whether the device looks unused (its first 4 KiB zero and no btrfs superblock),
   * as opposed to holding data of a kind not probed here. Only a blank device is formatted.
   */
  readonly blank?: boolean;
}

const HEAD = 0x10100; // past the ISO 9660 primary descriptor and the btrfs superblock's magic

const text = (b: Buffer, from: number, to: number): string =>
  b.toString('latin1', from, to).replace(/\0.*$/s, '').trim();

const uuidOf = (b: Buffer): string => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Probes the device (or image file) at `path`; an unreadable device answers ''. */
export async function probeDevice(path: string): Promise<ProbeResult> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return { name: '' };
  }
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(HEAD), 0, HEAD, 0);
    const head = buffer.subarray(0, bytesRead);
    if (hasLuksMagic(head)) {
      try {
        const h = await parseLuksHeader(async (offset, length) => {
          const { buffer: b, bytesRead: n } = await fh.read(Buffer.alloc(length), 0, length, offset);
          return b.subarray(0, n);
        });
        return { name: 'luks', uuid: h.uuid, label: h.label || undefined };
      } catch (e: unknown) {
        if (e instanceof LuksHeaderError) return { name: 'luks', damaged: e.message };
        throw e;
      }
    }
    const found = probeFilesystem(head);
    if (found.name !== '') return found;
    const zeros = head.subarray(0, 4096).every((b) => b === 0);
    const btrfs = head.toString('latin1', 0x10040, 0x10048) === '_BHRfS_M';
    const unfinishedXfs = head.toString('latin1', 0, 4) === 'XFSB';
    return { name: '', blank: unfinishedXfs || (zeros && !btrfs) };
  } catch {
    return { name: '' };
  } finally {
    await fh.close();
  }
}

/** The file system in a device's first bytes (at least 34 KiB for ISO 9660). */
export function probeFilesystem(b: Buffer): ProbeResult {
  if (b.length >= 0x8000 + 2048 && b.toString('latin1', 0x8001, 0x8006) === 'CD001') {
    const blocks = b.readUInt32LE(0x8000 + 80);
    const blockSize = b.readUInt16LE(0x8000 + 128);
    return {
      name: 'iso9660',
      label: text(b, 0x8000 + 40, 0x8000 + 72),
      blockSize,
      filesystemBlockSize: blockSize,
      probedSize: blocks * blockSize,
    };
  }
  if (b.length >= 1024 + 0x160 && b.readUInt16LE(1024 + 56) === 0xef53) {
    const sb = b.subarray(1024);
    const blockSize = 1024 << sb.readUInt32LE(24);
    const incompat = sb.readUInt32LE(0x60);
    const hi = incompat & 0x80 ? sb.readUInt32LE(0x150) : 0;
    return {
      name: 'ext4',
      uuid: uuidOf(sb.subarray(104, 120)),
      label: text(sb, 120, 136) || undefined,
      blockSize,
      filesystemBlockSize: blockSize,
      probedSize: (hi * 2 ** 32 + sb.readUInt32LE(4)) * blockSize,
    };
  }
  if (b.length >= 512 && b.toString('latin1', 0, 4) === 'XFSB') {
    if (b[126] !== 0) return { name: '' }; // sb_inprogress: mkfs.xfs did not finish
    const blockSize = b.readUInt32BE(4);
    return {
      name: 'xfs',
      uuid: uuidOf(b.subarray(32, 48)),
      label: text(b, 108, 120) || undefined,
      blockSize: b.readUInt16BE(102),
      filesystemBlockSize: blockSize,
      probedSize: Number(b.readBigUInt64BE(8)) * blockSize,
    };
  }
  for (const page of [4096, 8192, 16384, 65536]) {
    if (b.length >= page && b.toString('latin1', page - 10, page) === 'SWAPSPACE2') {
      return {
        name: 'swap',
        uuid: uuidOf(b.subarray(1024 + 12, 1024 + 28)),
        label: text(b, 1024 + 28, 1024 + 44) || undefined,
        blockSize: page,
        probedSize: (b.readUInt32LE(1024 + 4) + 1) * page,
      };
    }
  }
  if (b.length >= 512 && b.readUInt16LE(510) === 0xaa55) {
    // FAT32 keeps its extended parameter block after the longer BPB; FAT12/16 right after the short one.
    const fat32 = b[0x42] === 0x29 && b.toString('latin1', 0x52, 0x57) === 'FAT32';
    const fat16 = b[0x26] === 0x29 && b.toString('latin1', 0x36, 0x39) === 'FAT';
    if (fat32 || fat16) {
      const at = fat32 ? 0x43 : 0x27;
      const serial = b.readUInt32LE(at).toString(16).toUpperCase().padStart(8, '0');
      const label = text(b, at + 4, at + 15);
      const sector = b.readUInt16LE(11);
      const total = b.readUInt16LE(19) || b.readUInt32LE(32);
      return {
        name: 'vfat',
        uuid: `${serial.slice(0, 4)}-${serial.slice(4)}`,
        label: label === 'NO NAME' || label === '' ? undefined : label,
        blockSize: sector,
        filesystemBlockSize: sector * (b[13] ?? 1),
        probedSize: total * sector,
      };
    }
  }
  return { name: '' };
}
