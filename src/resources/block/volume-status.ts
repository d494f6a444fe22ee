// VolumeStatuses.block.talos.dev: where a volume is in its life (id: the volume's name): waiting →
// located or provisioned → prepared (opened, when encrypted) → ready (formatted, mountable), or failed
// with the reason; closed once torn down. `encryptionProvider`, the slot that opened it and the keys
// that did not sync are shown; never a key.
import { defineResource } from '../definition';
import {
  ENCRYPTION_PROVIDERS,
  enumValue,
  FILESYSTEM_TYPES,
  VOLUME_PHASES,
  VOLUME_TYPES,
  type EncryptionProvider,
  type FilesystemType,
  type VolumePhase,
  type VolumeType,
} from './enums';
import { mountProto, type MountSpec } from './volume-config';

export interface VolumeStatusSpec {
  phase: VolumePhase;
  preFailPhase?: VolumePhase;
  type: VolumeType;
  parentID?: string;
  location?: string;
  mountLocation?: string;
  partitionIndex?: number;
  parentLocation?: string;
  uuid?: string;
  partitionUUID?: string;
  size?: number;
  prettySize?: string;
  filesystem?: FilesystemType;
  encryptionProvider?: EncryptionProvider;
  encryptionFailedSyncs?: string[];
  configuredEncryptionKeys?: string[];
  encryptionLockedToState?: boolean;
  encryptionSlot?: number;
  mountSpec?: MountSpec;
  errorMessage?: string;
}

export const VolumeStatusDefinition = defineResource<VolumeStatusSpec>({
  type: 'VolumeStatuses.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Type', jsonPath: '{.type}' },
    { name: 'Phase', jsonPath: '{.phase}' },
    { name: 'Location', jsonPath: '{.location}' },
    { name: 'Size', jsonPath: '{.prettySize}' },
  ],
  protoSpec: 'talos.resource.definitions.block.VolumeStatusSpec',
  toProto: (s) => ({
    phase: enumValue(VOLUME_PHASES, s.phase),
    pre_fail_phase: enumValue(VOLUME_PHASES, s.preFailPhase),
    type: enumValue(VOLUME_TYPES, s.type),
    parent_id: s.parentID,
    location: s.location,
    mount_location: s.mountLocation,
    partition_index: s.partitionIndex,
    parent_location: s.parentLocation,
    uuid: s.uuid,
    partition_uuid: s.partitionUUID,
    size: s.size,
    pretty_size: s.prettySize,
    filesystem: enumValue(FILESYSTEM_TYPES, s.filesystem),
    encryption_provider: enumValue(ENCRYPTION_PROVIDERS, s.encryptionProvider),
    encryption_failed_syncs: s.encryptionFailedSyncs ?? [],
    configured_encryption_keys: s.configuredEncryptionKeys ?? [],
    encryption_locked_to_state: s.encryptionLockedToState,
    encryption_slot: s.encryptionSlot,
    mount_spec: mountProto(s.mountSpec),
    error_message: s.errorMessage,
  }),
});
