// Original file: proto/resource/definitions/block/block.proto

import type { BlockEncryptionProviderType as _talos_resource_definitions_enums_BlockEncryptionProviderType, BlockEncryptionProviderType__Output as _talos_resource_definitions_enums_BlockEncryptionProviderType__Output } from '../../../../talos/resource/definitions/enums/BlockEncryptionProviderType';
import type { EncryptionKey as _talos_resource_definitions_block_EncryptionKey, EncryptionKey__Output as _talos_resource_definitions_block_EncryptionKey__Output } from '../../../../talos/resource/definitions/block/EncryptionKey';
import type { Long } from '@grpc/proto-loader';

export interface EncryptionSpec {
  'provider'?: (_talos_resource_definitions_enums_BlockEncryptionProviderType);
  'keys'?: (_talos_resource_definitions_block_EncryptionKey)[];
  'cipher'?: (string);
  'key_size'?: (number | string | Long);
  'block_size'?: (number | string | Long);
  'perf_options'?: (string)[];
}

export interface EncryptionSpec__Output {
  'provider': (_talos_resource_definitions_enums_BlockEncryptionProviderType__Output);
  'keys': (_talos_resource_definitions_block_EncryptionKey__Output)[];
  'cipher': (string);
  'key_size': (string);
  'block_size': (string);
  'perf_options': (string)[];
}
