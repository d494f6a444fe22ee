// Talos's disk layout for a GRUB (BIOS and UEFI) install: EFI, BIOS, BOOT and META from the
// installer, then STATE and EPHEMERAL (the rest of the disk), in this order, each aligned to 1 MiB.
import { randomGuid } from '../blockdev/guid';
import { SECTOR, usableRange, type GptPartition, type GptTable } from '../blockdev/gpt';

const MiB = 1024n * 1024n;
const GiB = 1024n * MiB;
const ALIGN = MiB / BigInt(SECTOR);

export const PARTITION_TYPES = {
  efiSystem: 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B',
  biosBoot: '21686148-6449-6E6F-744E-656564454649',
  linuxData: '0FC63DAF-8483-4772-8E79-3D69D8477DE4',
} as const;

/** GPT attribute bit 2: legacy BIOS bootable. */
export const LEGACY_BIOS_BOOTABLE = 1n << 2n;

export type FilesystemType = 'vfat' | 'xfs' | 'none' | 'zeroes';

export interface PartitionPlan {
  readonly label: 'EFI' | 'BIOS' | 'BOOT' | 'META' | 'STATE' | 'EPHEMERAL';
  readonly type: string;
  /** Bytes; 0 takes the rest of the disk. */
  readonly size: bigint;
  readonly attributes: bigint;
  readonly filesystem: FilesystemType;
}

export const TALOS_LAYOUT: readonly PartitionPlan[] = [
  { label: 'EFI', type: PARTITION_TYPES.efiSystem, size: 100n * MiB, attributes: 0n, filesystem: 'vfat' },
  {
    label: 'BIOS',
    type: PARTITION_TYPES.biosBoot,
    size: MiB,
    attributes: LEGACY_BIOS_BOOTABLE,
    filesystem: 'none',
  },
  { label: 'BOOT', type: PARTITION_TYPES.linuxData, size: 2000n * MiB, attributes: 0n, filesystem: 'xfs' },
  { label: 'META', type: PARTITION_TYPES.linuxData, size: MiB, attributes: 0n, filesystem: 'zeroes' },
  { label: 'STATE', type: PARTITION_TYPES.linuxData, size: 100n * MiB, attributes: 0n, filesystem: 'xfs' },
  { label: 'EPHEMERAL', type: PARTITION_TYPES.linuxData, size: 0n, attributes: 0n, filesystem: 'xfs' },
];

/**
 * What the installer writes itself (Talos 1.8 and later): the boot partitions and META. STATE and
 * EPHEMERAL, the last two of TALOS_LAYOUT, are made by the volume manager in the space left.
 */
export const INSTALL_LAYOUT: readonly PartitionPlan[] = TALOS_LAYOUT.slice(0, 4);

/** Talos refuses disks where EPHEMERAL would be smaller than this. */
export const EPHEMERAL_MIN_SIZE = 2n * GiB;

export class DiskTooSmallError extends Error {
  constructor(
    readonly needed: bigint,
    readonly size: bigint,
  ) {
    super(`disk is too small: ${size} bytes, at least ${needed} needed`);
    this.name = 'DiskTooSmallError';
  }
}

/** Lays `plan` out on a disk of `sizeBytes`; the last entry of size 0 takes what is left. */
export function layoutTable(
  sizeBytes: bigint,
  plan: readonly PartitionPlan[] = TALOS_LAYOUT,
  opts: { diskGuid?: string; ephemeralMin?: bigint } = {},
): GptTable {
  const sectors = sizeBytes / BigInt(SECTOR);
  const { first, last } = usableRange(sectors);
  // The whole layout must fit, whether or not this plan writes STATE and EPHEMERAL itself.
  const fixed = TALOS_LAYOUT.reduce((sum, p) => sum + p.size, 0n);
  const needed = fixed + (opts.ephemeralMin ?? EPHEMERAL_MIN_SIZE) + 2n * MiB;
  if (sizeBytes < needed) throw new DiskTooSmallError(needed, sizeBytes);
  let next = ((first + ALIGN - 1n) / ALIGN) * ALIGN;
  const partitions: GptPartition[] = plan.map((p, i) => {
    const lastLba = p.size === 0n ? last : next + p.size / BigInt(SECTOR) - 1n;
    const part = {
      index: i + 1,
      typeGuid: p.type,
      uniqueGuid: randomGuid(),
      firstLba: next,
      lastLba,
      attributes: p.attributes,
      name: p.label,
    };
    next = ((lastLba + 1n + ALIGN - 1n) / ALIGN) * ALIGN;
    return part;
  });
  return {
    diskGuid: opts.diskGuid ?? randomGuid(),
    sectors,
    firstUsableLba: first,
    lastUsableLba: last,
    partitions,
  };
}
