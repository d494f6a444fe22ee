// GRUB for BIOS on a GPT disk, written by the installer itself (no grub-install, which cannot map every
// disk to a BIOS drive): GRUB's boot sector in the MBR's boot-code area pointing at the BIOS boot
// partition, and the core image in that partition with its first sector's block list pointing at the
// rest of it. The core image finds BOOT by label and loads its modules and menu from there.
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { SECTOR } from '../blockdev/gpt';

// Offsets in GRUB's i386-pc boot sector (boot.img) and first core sector (diskboot.img).
const KERNEL_SECTOR = 0x5c;
const BOOT_DRIVE = 0x64;
const DRIVE_CHECK = 0x66;
const BPB_START = 0x03;
const BPB_END = 0x5a;
const BOOT_CODE_END = 440;
const BLOCKLIST = SECTOR - 12;

export interface BiosBootImages {
  /** GRUB's boot.img, 512 bytes. */
  readonly bootImg: Buffer;
  /** The core image (diskboot.img first), as grub-mkimage -O i386-pc makes it. */
  readonly coreImg: Buffer;
}

/** The MBR boot code to write: boot.img told where core.img starts, the disk's BPB bytes kept. */
export function patchBootSector(bootImg: Buffer, existingMbr: Buffer, coreLba: bigint): Buffer {
  if (bootImg.length !== SECTOR) throw new Error('boot.img must be one sector');
  const code = Buffer.from(bootImg.subarray(0, BOOT_CODE_END));
  existingMbr.copy(code, BPB_START, BPB_START, BPB_END);
  code.writeBigUInt64LE(coreLba, KERNEL_SECTOR);
  code[BOOT_DRIVE] = 0xff; // use the drive the BIOS booted from
  code[DRIVE_CHECK] = 0x90; // a hard disk: skip the check for BIOSes that pass a wrong drive
  code[DRIVE_CHECK + 1] = 0x90;
  return code;
}

/** core.img with its first sector's block list naming the sectors that follow it. */
export function patchCoreImage(coreImg: Buffer, coreLba: bigint, room: bigint): Buffer {
  const sectors = BigInt(Math.ceil(coreImg.length / SECTOR));
  if (sectors > room) throw new Error(`core image (${sectors} sectors) does not fit the BIOS partition`);
  const out = Buffer.alloc(Number(sectors) * SECTOR);
  coreImg.copy(out);
  out.writeBigUInt64LE(coreLba + 1n, BLOCKLIST);
  out.writeUInt16LE(Number(sectors - 1n), BLOCKLIST + 8);
  return out;
}

/** Writes both into the disk: `bios` is the BIOS boot partition's first and last sector. */
export function installGrubBios(
  disk: string,
  images: BiosBootImages,
  bios: { first: bigint; last: bigint },
): void {
  const fd = openSync(disk, 'r+');
  try {
    const mbr = Buffer.alloc(SECTOR);
    readSync(fd, mbr, 0, SECTOR, 0);
    const core = patchCoreImage(images.coreImg, bios.first, bios.last - bios.first + 1n);
    writeSync(fd, core, 0, core.length, Number(bios.first) * SECTOR);
    const code = patchBootSector(images.bootImg, mbr, bios.first);
    writeSync(fd, code, 0, code.length, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
