// Original file: proto/resource/definitions/block/block.proto

import type { Long } from '@grpc/proto-loader';

export interface DiscoveryRefreshRequestSpec {
  'request'?: (number | string | Long);
}

export interface DiscoveryRefreshRequestSpec__Output {
  'request': (string);
}
