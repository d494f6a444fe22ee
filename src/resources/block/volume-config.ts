// VolumeConfigs.block.talos.dev: what a volume should be (id: the volume's name, e.g. `EPHEMERAL`): how it
// is found (locator) or made (provisioning: which disk, what size, which file system), its encryption
// and where it is mounted. Sensitive: a static key's passphrase is part of it.
import { defineResource } from '../definition';
import {
  ENCRYPTION_KEY_TYPES,
  ENCRYPTION_PROVIDERS,
  enumValue,
  FILESYSTEM_TYPES,
  VOLUME_TYPES,
  type EncryptionKeyType,
  type EncryptionProvider,
  type FilesystemType,
  type VolumeType,
} from './enums';

export interface EncryptionKeySpec {
  slot: number;
  type: EncryptionKeyType;
  lockToState?: boolean;
  /** A static key's passphrase (base64 in YAML, as Talos's StringBytes marshal). */
  staticPassphrase?: string;
  kmsEndpoint?: string;
}

export interface EncryptionSpec {
  provider: EncryptionProvider;
  keys: EncryptionKeySpec[];
  cipher?: string;
  keySize?: number;
  blockSize?: number;
  perfOptions?: string[];
}

export interface PartitionSpec {
  minSize: number;
  maxSize?: number;
  relativeMaxSize: number;
  negativeMaxSize: boolean;
  grow: boolean;
  label?: string;
  typeUUID?: string;
}

export interface ProvisioningSpec {
  wave?: number;
  /** A disk selector expression (Talos's CEL subset), e.g. `system_disk` or `disk.transport == "virtio"`. */
  diskSelector?: { match?: string };
  partitionSpec?: PartitionSpec;
  filesystemSpec?: { type: FilesystemType; label?: string };
}

export interface MountSpec {
  targetPath: string;
  selinuxLabel: string;
  projectQuotaSupport: boolean;
  parentId?: string;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

export interface VolumeConfigSpec {
  parentId?: string;
  type: VolumeType;
  provisioning: ProvisioningSpec;
  encryption?: EncryptionSpec;
  /** How an existing volume is found: by its partition label. */
  locator: { match?: string };
  mount?: MountSpec;
}

export const mountProto = (m: MountSpec | undefined) =>
  m && {
    target_path: m.targetPath,
    selinux_label: m.selinuxLabel,
    project_quota_support: m.projectQuotaSupport,
    parent_id: m.parentId,
    file_mode: m.fileMode,
    uid: m.uid,
    gid: m.gid,
  };

export const VolumeConfigDefinition = defineResource<VolumeConfigSpec>({
  type: 'VolumeConfigs.block.talos.dev',
  defaultNamespace: 'runtime',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.block.VolumeConfigSpec',
  toProto: (s) => ({
    parent_id: s.parentId,
    type: enumValue(VOLUME_TYPES, s.type),
    provisioning: {
      wave: s.provisioning.wave,
      partition_spec: s.provisioning.partitionSpec && {
        min_size: s.provisioning.partitionSpec.minSize,
        max_size: s.provisioning.partitionSpec.maxSize,
        relative_max_size: s.provisioning.partitionSpec.relativeMaxSize,
        negative_max_size: s.provisioning.partitionSpec.negativeMaxSize,
        grow: s.provisioning.partitionSpec.grow,
        label: s.provisioning.partitionSpec.label,
        type_uuid: s.provisioning.partitionSpec.typeUUID,
      },
      filesystem_spec: s.provisioning.filesystemSpec && {
        type: enumValue(FILESYSTEM_TYPES, s.provisioning.filesystemSpec.type),
        label: s.provisioning.filesystemSpec.label,
      },
    },
    encryption: s.encryption && {
      provider: enumValue(ENCRYPTION_PROVIDERS, s.encryption.provider),
      keys: s.encryption.keys.map((k) => ({
        slot: k.slot,
        type: enumValue(ENCRYPTION_KEY_TYPES, k.type),
        static_passphrase: k.staticPassphrase ? Buffer.from(k.staticPassphrase, 'base64') : undefined,
        kms_endpoint: k.kmsEndpoint,
        lock_to_state: k.lockToState,
      })),
      cipher: s.encryption.cipher,
      key_size: s.encryption.keySize,
      block_size: s.encryption.blockSize,
      perf_options: s.encryption.perfOptions ?? [],
    },
    mount: mountProto(s.mount),
  }),
});
