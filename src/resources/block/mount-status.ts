// MountStatuses.block.talos.dev: a volume mounted by the agent (id: the volume's name): from where (the
// partition, or its /dev/mapper device when encrypted), to where, and with which file system.
import { defineResource } from '../definition';
import {
  ENCRYPTION_PROVIDERS,
  enumValue,
  FILESYSTEM_TYPES,
  type EncryptionProvider,
  type FilesystemType,
} from './enums';

export interface MountStatusSpec {
  spec: { volumeID: string; requesters: string[]; requesterIDs: string[]; readOnly: boolean };
  source: string;
  target: string;
  filesystem: FilesystemType;
  encryptionProvider?: EncryptionProvider;
  readOnly: boolean;
  projectQuotaSupport: boolean;
  detached: boolean;
}

export const MountStatusDefinition = defineResource<MountStatusSpec>({
  type: 'MountStatuses.block.talos.dev',
  defaultNamespace: 'runtime',
  printColumns: [
    { name: 'Source', jsonPath: '{.source}' },
    { name: 'Target', jsonPath: '{.target}' },
    { name: 'Filesystem', jsonPath: '{.filesystem}' },
    { name: 'Volume', jsonPath: '{.spec.volumeID}' },
  ],
  protoSpec: 'talos.resource.definitions.block.MountStatusSpec',
  toProto: (s) => ({
    spec: {
      volume_id: s.spec.volumeID,
      requesters: s.spec.requesters,
      requester_i_ds: s.spec.requesterIDs,
      read_only: s.spec.readOnly,
    },
    source: s.source,
    target: s.target,
    filesystem: enumValue(FILESYSTEM_TYPES, s.filesystem),
    encryption_provider: enumValue(ENCRYPTION_PROVIDERS, s.encryptionProvider),
    read_only: s.readOnly,
    project_quota_support: s.projectQuotaSupport,
    detached: s.detached,
  }),
});
