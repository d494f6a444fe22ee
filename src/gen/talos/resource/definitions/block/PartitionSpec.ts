// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface PartitionSpec {
  'min_size'?: (number | string | Long);
  'max_size'?: (number | string | Long);
  'grow'?: (boolean);
  'label'?: (string);
  'type_uuid'?: (string);
  'relative_max_size'?: (number | string | Long);
  'negative_max_size'?: (boolean);
}

export interface PartitionSpec__Output {
  'min_size': (string);
  'max_size': (string);
  'grow': (boolean);
  'label': (string);
  'type_uuid': (string);
  'relative_max_size': (string);
  'negative_max_size': (boolean);
}
