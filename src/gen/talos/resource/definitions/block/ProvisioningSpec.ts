// Original file: proto/resource/definitions/block/block.proto

import type { DiskSelector as _talos_resource_definitions_block_DiskSelector, DiskSelector__Output as _talos_resource_definitions_block_DiskSelector__Output } from '../../../../talos/resource/definitions/block/DiskSelector';
import type { PartitionSpec as _talos_resource_definitions_block_PartitionSpec, PartitionSpec__Output as _talos_resource_definitions_block_PartitionSpec__Output } from '../../../../talos/resource/definitions/block/PartitionSpec';
import type { FilesystemSpec as _talos_resource_definitions_block_FilesystemSpec, FilesystemSpec__Output as _talos_resource_definitions_block_FilesystemSpec__Output } from '../../../../talos/resource/definitions/block/FilesystemSpec';
import type { Long } from '@grpc/proto-loader';

export interface ProvisioningSpec {
  'disk_selector'?: (_talos_resource_definitions_block_DiskSelector | null);
  'partition_spec'?: (_talos_resource_definitions_block_PartitionSpec | null);
  'wave'?: (number | string | Long);
  'filesystem_spec'?: (_talos_resource_definitions_block_FilesystemSpec | null);
}

export interface ProvisioningSpec__Output {
  'disk_selector': (_talos_resource_definitions_block_DiskSelector__Output | null);
  'partition_spec': (_talos_resource_definitions_block_PartitionSpec__Output | null);
  'wave': (string);
  'filesystem_spec': (_talos_resource_definitions_block_FilesystemSpec__Output | null);
}
