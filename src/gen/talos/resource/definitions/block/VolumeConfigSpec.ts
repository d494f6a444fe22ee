// Original file: proto/resource/definitions/block/block.proto

import type { BlockVolumeType as _talos_resource_definitions_enums_BlockVolumeType, BlockVolumeType__Output as _talos_resource_definitions_enums_BlockVolumeType__Output } from '../../../../talos/resource/definitions/enums/BlockVolumeType';
import type { ProvisioningSpec as _talos_resource_definitions_block_ProvisioningSpec, ProvisioningSpec__Output as _talos_resource_definitions_block_ProvisioningSpec__Output } from '../../../../talos/resource/definitions/block/ProvisioningSpec';
import type { LocatorSpec as _talos_resource_definitions_block_LocatorSpec, LocatorSpec__Output as _talos_resource_definitions_block_LocatorSpec__Output } from '../../../../talos/resource/definitions/block/LocatorSpec';
import type { MountSpec as _talos_resource_definitions_block_MountSpec, MountSpec__Output as _talos_resource_definitions_block_MountSpec__Output } from '../../../../talos/resource/definitions/block/MountSpec';
import type { EncryptionSpec as _talos_resource_definitions_block_EncryptionSpec, EncryptionSpec__Output as _talos_resource_definitions_block_EncryptionSpec__Output } from '../../../../talos/resource/definitions/block/EncryptionSpec';
import type { SymlinkProvisioningSpec as _talos_resource_definitions_block_SymlinkProvisioningSpec, SymlinkProvisioningSpec__Output as _talos_resource_definitions_block_SymlinkProvisioningSpec__Output } from '../../../../talos/resource/definitions/block/SymlinkProvisioningSpec';

export interface VolumeConfigSpec {
  'parent_id'?: (string);
  'type'?: (_talos_resource_definitions_enums_BlockVolumeType);
  'provisioning'?: (_talos_resource_definitions_block_ProvisioningSpec | null);
  'locator'?: (_talos_resource_definitions_block_LocatorSpec | null);
  'mount'?: (_talos_resource_definitions_block_MountSpec | null);
  'encryption'?: (_talos_resource_definitions_block_EncryptionSpec | null);
  'symlink'?: (_talos_resource_definitions_block_SymlinkProvisioningSpec | null);
}

export interface VolumeConfigSpec__Output {
  'parent_id': (string);
  'type': (_talos_resource_definitions_enums_BlockVolumeType__Output);
  'provisioning': (_talos_resource_definitions_block_ProvisioningSpec__Output | null);
  'locator': (_talos_resource_definitions_block_LocatorSpec__Output | null);
  'mount': (_talos_resource_definitions_block_MountSpec__Output | null);
  'encryption': (_talos_resource_definitions_block_EncryptionSpec__Output | null);
  'symlink': (_talos_resource_definitions_block_SymlinkProvisioningSpec__Output | null);
}
