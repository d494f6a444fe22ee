// What each volume should be, as Talos's VolumeConfigController says it: META (found, never made), STATE
// (100 MiB on the system disk, XFS, at /system/state; before the config is read its encryption comes
// from META), EPHEMERAL (the rest of the system disk, grown, XFS, at /var) and one volume per
// UserVolumeConfig (partition `u-<name>` on the disks its selector picks, at /var/mnt/<name>).
import type { MachineConfig } from '../config';
import type { FilesystemType } from '../resources/block/enums';
import type { EncryptionSpec, VolumeConfigSpec } from '../resources/block/volume-config';
import { encryptionFromSection, systemVolumeEncryption } from './encryption-spec';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
export const STATE_SIZE = 100 * MiB;
/** Talos's smallest EPHEMERAL. */
export const EPHEMERAL_MIN_SIZE = 2 * GiB;
export const LINUX_DATA = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';
export const USER_VOLUME_PREFIX = 'u-';
export const USER_VOLUME_MOUNT_DIR = '/var/mnt';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;

const byLabel = (label: string) => ({ match: `volume.partition_label == ${JSON.stringify(label)}` });

export class SizeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SizeError';
  }
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  ki: 2 ** 10,
  kib: 2 ** 10,
  mi: 2 ** 20,
  mib: 2 ** 20,
  gi: 2 ** 30,
  gib: 2 ** 30,
  ti: 2 ** 40,
  tib: 2 ** 40,
};

/**
 * A size as configs write it: a number of bytes, `10GiB`, `100 MB`, or (where `relative` is allowed) a
 * percentage of the disk, `50%`. Answers bytes, or `{ percent }`.
 */
export function parseSize(v: unknown, relative = false): number | { percent: number } | undefined {
  if (v === undefined || v === null || v === '' || v === 0) return undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) return Math.floor(v);
  if (typeof v !== 'string') throw new SizeError(`invalid size ${JSON.stringify(v)}`);
  const pct = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(v);
  if (pct) {
    const percent = Number(pct[1]);
    if (!relative || percent <= 0 || percent > 100) throw new SizeError(`invalid size ${JSON.stringify(v)}`);
    return { percent };
  }
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(v);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new SizeError(`invalid size ${JSON.stringify(v)}`);
  return Math.floor(Number(m[1]) * unit);
}

export function metaVolumeConfig(): VolumeConfigSpec {
  return { type: 'partition', provisioning: {}, locator: byLabel('META') };
}

/**
 * STATE: found by its label; with the config it may also be made (a fresh install), and is formatted
 * when empty either way (a wiped STATE starts again, as Talos makes it).
 */
export function stateVolumeConfig(
  encryption: EncryptionSpec | undefined,
  provision: boolean,
): VolumeConfigSpec {
  return {
    type: 'partition',
    provisioning: {
      ...(provision
        ? {
            wave: -1,
            diskSelector: { match: 'system_disk' },
            partitionSpec: {
              minSize: STATE_SIZE,
              maxSize: STATE_SIZE,
              relativeMaxSize: 0,
              negativeMaxSize: false,
              grow: false,
              label: 'STATE',
              typeUUID: LINUX_DATA,
            },
          }
        : {}),
      filesystemSpec: { type: 'xfs', label: 'STATE' },
    },
    ...(encryption ? { encryption } : {}),
    locator: byLabel('STATE'),
    mount: {
      targetPath: '/system/state',
      selinuxLabel: 'system_u:object_r:system_state_t:s0',
      projectQuotaSupport: false,
      fileMode: 0o700,
    },
  };
}

interface ProvisioningFields {
  readonly selector?: string;
  readonly minSize?: number;
  readonly maxSize?: number;
  readonly relativeMaxSize?: number;
  readonly grow?: boolean;
}

function provisioningOf(section: unknown): ProvisioningFields {
  const p = obj(section);
  if (!p) return {};
  const max = parseSize(p['maxSize'], true);
  const min = parseSize(p['minSize']);
  const selector = obj(p['diskSelector'])?.['match'];
  return {
    ...(typeof selector === 'string' && selector !== '' ? { selector } : {}),
    ...(typeof min === 'number' ? { minSize: min } : {}),
    ...(typeof max === 'number' ? { maxSize: max } : {}),
    ...(max !== undefined && typeof max !== 'number' ? { relativeMaxSize: max.percent } : {}),
    ...(typeof p['grow'] === 'boolean' ? { grow: p['grow'] } : {}),
  };
}

/** EPHEMERAL, from the config (its VolumeConfig document and systemDiskEncryption). */
export function ephemeralVolumeConfig(cfg: MachineConfig): VolumeConfigSpec {
  const doc = cfg.document('VolumeConfig', 'EPHEMERAL');
  const p = provisioningOf(doc?.data['provisioning']);
  const encryption = systemVolumeEncryption(cfg, 'EPHEMERAL');
  return {
    type: 'partition',
    provisioning: {
      wave: -1,
      diskSelector: { match: p.selector ?? 'system_disk' },
      partitionSpec: {
        minSize: p.minSize ?? EPHEMERAL_MIN_SIZE,
        ...(p.maxSize ? { maxSize: p.maxSize } : {}),
        relativeMaxSize: p.relativeMaxSize ?? 0,
        negativeMaxSize: false,
        grow: p.grow ?? true,
        label: 'EPHEMERAL',
        typeUUID: LINUX_DATA,
      },
      filesystemSpec: { type: 'xfs', label: 'EPHEMERAL' },
    },
    ...(encryption ? { encryption } : {}),
    locator: byLabel('EPHEMERAL'),
    mount: {
      targetPath: '/var',
      selinuxLabel: 'system_u:object_r:ephemeral_t:s0',
      projectQuotaSupport: false,
      fileMode: 0o755,
    },
  };
}

/** One VolumeConfig per UserVolumeConfig document, by volume id `u-<name>`. */
export function userVolumeConfigs(cfg: MachineConfig): Map<string, VolumeConfigSpec> {
  const out = new Map<string, VolumeConfigSpec>();
  for (const doc of cfg.documentsOfKind('UserVolumeConfig')) {
    const name = doc.name ?? '';
    const label = `${USER_VOLUME_PREFIX}${name}`;
    const p = provisioningOf(doc.data['provisioning']);
    const fsType = obj(doc.data['filesystem'])?.['type'];
    const type: FilesystemType = fsType === 'ext4' ? 'ext4' : 'xfs';
    const encryption = encryptionFromSection(doc.data['encryption']);
    out.set(label, {
      type: 'partition',
      provisioning: {
        wave: 0,
        diskSelector: { match: p.selector ?? '' },
        partitionSpec: {
          minSize: p.minSize ?? 0,
          ...(p.maxSize ? { maxSize: p.maxSize } : {}),
          relativeMaxSize: p.relativeMaxSize ?? 0,
          negativeMaxSize: false,
          grow: p.grow ?? false,
          label,
          typeUUID: LINUX_DATA,
        },
        filesystemSpec: { type, label },
      },
      ...(encryption ? { encryption } : {}),
      locator: byLabel(label),
      mount: {
        targetPath: `${USER_VOLUME_MOUNT_DIR}/${name}`,
        selinuxLabel: 'system_u:object_r:unlabeled_t:s0',
        projectQuotaSupport: false,
        fileMode: 0o755,
      },
    });
  }
  return out;
}
