// Original file: proto/resource/definitions/block/block.proto

import type { BlockFSParameterType as _talos_resource_definitions_enums_BlockFSParameterType, BlockFSParameterType__Output as _talos_resource_definitions_enums_BlockFSParameterType__Output } from '../../../../talos/resource/definitions/enums/BlockFSParameterType';

export interface ParameterSpec {
  'type'?: (_talos_resource_definitions_enums_BlockFSParameterType);
  'name'?: (string);
  'string'?: (string);
  'binary'?: (Buffer | Uint8Array | string);
}

export interface ParameterSpec__Output {
  'type': (_talos_resource_definitions_enums_BlockFSParameterType__Output);
  'name': (string);
  'string': (string);
  'binary': (Buffer);
}
