// Original file: proto/resource/definitions/block/block.proto

import type { ParameterSpec as _talos_resource_definitions_block_ParameterSpec, ParameterSpec__Output as _talos_resource_definitions_block_ParameterSpec__Output } from '../../../../talos/resource/definitions/block/ParameterSpec';
import type { Long } from '@grpc/proto-loader';

export interface MountSpec {
  'target_path'?: (string);
  'selinux_label'?: (string);
  'project_quota_support'?: (boolean);
  'parent_id'?: (string);
  'file_mode'?: (number);
  'uid'?: (number | string | Long);
  'gid'?: (number | string | Long);
  'recursive_relabel'?: (boolean);
  'bind_target'?: (string);
  'parameters'?: (_talos_resource_definitions_block_ParameterSpec)[];
}

export interface MountSpec__Output {
  'target_path': (string);
  'selinux_label': (string);
  'project_quota_support': (boolean);
  'parent_id': (string);
  'file_mode': (number);
  'uid': (string);
  'gid': (string);
  'recursive_relabel': (boolean);
  'bind_target': (string);
  'parameters': (_talos_resource_definitions_block_ParameterSpec__Output)[];
}
