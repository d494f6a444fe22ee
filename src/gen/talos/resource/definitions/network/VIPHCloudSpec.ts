// Original file: proto/resource/definitions/network/network.proto

import type { Long } from '@grpc/proto-loader';

export interface VIPHCloudSpec {
  'device_id'?: (number | string | Long);
  'network_id'?: (number | string | Long);
  'api_token'?: (string);
}

export interface VIPHCloudSpec__Output {
  'device_id': (string);
  'network_id': (string);
  'api_token': (string);
}
