// Original file: proto/resource/definitions/block/block.proto

import type { MountRequestSpec as _talos_resource_definitions_block_MountRequestSpec, MountRequestSpec__Output as _talos_resource_definitions_block_MountRequestSpec__Output } from '../../../../talos/resource/definitions/block/MountRequestSpec';
import type { BlockFilesystemType as _talos_resource_definitions_enums_BlockFilesystemType, BlockFilesystemType__Output as _talos_resource_definitions_enums_BlockFilesystemType__Output } from '../../../../talos/resource/definitions/enums/BlockFilesystemType';
import type { BlockEncryptionProviderType as _talos_resource_definitions_enums_BlockEncryptionProviderType, BlockEncryptionProviderType__Output as _talos_resource_definitions_enums_BlockEncryptionProviderType__Output } from '../../../../talos/resource/definitions/enums/BlockEncryptionProviderType';

export interface MountStatusSpec {
  'spec'?: (_talos_resource_definitions_block_MountRequestSpec | null);
  'target'?: (string);
  'source'?: (string);
  'filesystem'?: (_talos_resource_definitions_enums_BlockFilesystemType);
  'read_only'?: (boolean);
  'project_quota_support'?: (boolean);
  'encryption_provider'?: (_talos_resource_definitions_enums_BlockEncryptionProviderType);
  'detached'?: (boolean);
}

export interface MountStatusSpec__Output {
  'spec': (_talos_resource_definitions_block_MountRequestSpec__Output | null);
  'target': (string);
  'source': (string);
  'filesystem': (_talos_resource_definitions_enums_BlockFilesystemType__Output);
  'read_only': (boolean);
  'project_quota_support': (boolean);
  'encryption_provider': (_talos_resource_definitions_enums_BlockEncryptionProviderType__Output);
  'detached': (boolean);
}
