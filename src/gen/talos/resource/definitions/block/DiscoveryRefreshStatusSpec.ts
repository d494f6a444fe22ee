// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface DiscoveryRefreshStatusSpec {
  'request'?: (number | string | Long);
}

export interface DiscoveryRefreshStatusSpec__Output {
  'request': (string);
}
