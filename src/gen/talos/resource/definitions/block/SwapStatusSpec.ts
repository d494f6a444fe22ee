// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface SwapStatusSpec {
  'device'?: (string);
  'size_bytes'?: (number | string | Long);
  'size_human'?: (string);
  'used_bytes'?: (number | string | Long);
  'used_human'?: (string);
  'priority'?: (number);
  'type'?: (string);
}

export interface SwapStatusSpec__Output {
  'device': (string);
  'size_bytes': (string);
  'size_human': (string);
  'used_bytes': (string);
  'used_human': (string);
  'priority': (number);
  'type': (string);
}
