// The block resources' enums as Talos spells them in YAML, in their protobuf order (the index is the
// wire value), and Talos's size formatting.

export const VOLUME_PHASES = [
  'waiting',
  'failed',
  'missing',
  'located',
  'provisioned',
  'prepared',
  'ready',
  'closed',
] as const;
export type VolumePhase = (typeof VOLUME_PHASES)[number];

export const VOLUME_TYPES = [
  'partition',
  'disk',
  'tmpfs',
  'directory',
  'symlink',
  'overlay',
  'external',
] as const;
export type VolumeType = (typeof VOLUME_TYPES)[number];

export const FILESYSTEM_TYPES = ['none', 'xfs', 'vfat', 'ext4', 'iso9660', 'swap', 'virtiofs'] as const;
export type FilesystemType = (typeof FILESYSTEM_TYPES)[number];

export const ENCRYPTION_PROVIDERS = ['none', 'luks2'] as const;
export type EncryptionProvider = (typeof ENCRYPTION_PROVIDERS)[number];

export const ENCRYPTION_KEY_TYPES = ['static', 'nodeID', 'kms', 'tpm'] as const;
export type EncryptionKeyType = (typeof ENCRYPTION_KEY_TYPES)[number];

/** The enum's wire value (0 for an unknown name). */
export const enumValue = (values: readonly string[], name: string | undefined): number =>
  Math.max(0, values.indexOf(name ?? ''));

const SI = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** A size as Talos prints it (go-humanize's Bytes: SI units, one decimal under 10). */
export function prettySize(bytes: bigint | number): string {
  const s = Number(bytes);
  if (s < 10) return `${s} B`;
  const e = Math.floor(Math.log(s) / Math.log(1000));
  const val = Math.floor((s / 1000 ** e) * 10 + 0.5) / 10;
  return val < 10 ? `${val.toFixed(1)} ${SI[e]}` : `${val.toFixed(0)} ${SI[e]}`;
}
