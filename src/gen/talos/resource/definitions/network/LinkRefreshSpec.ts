// Original file: proto/resource/definitions/network/network.proto

import type { Long } from '@grpc/proto-loader';

export interface LinkRefreshSpec {
  'generation'?: (number | string | Long);
}

export interface LinkRefreshSpec__Output {
  'generation': (string);
}
