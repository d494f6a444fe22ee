// Original file: proto/resource/definitions/network/network.proto

import type { Long } from '@grpc/proto-loader';

export interface BondSlave {
  'master_name'?: (string);
  'slave_index'?: (number | string | Long);
}

export interface BondSlave__Output {
  'master_name': (string);
  'slave_index': (string);
}
