// Original file: proto/resource/definitions/network/network.proto

import type { Long } from '@grpc/proto-loader';

export interface NfTablesLimitMatch {
  'packet_rate_per_second'?: (number | string | Long);
}

export interface NfTablesLimitMatch__Output {
  'packet_rate_per_second': (string);
}
