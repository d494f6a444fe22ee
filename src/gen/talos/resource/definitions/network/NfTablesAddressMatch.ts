// Original file: proto/resource/definitions/network/network.proto

import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';

export interface NfTablesAddressMatch {
  'include_subnets'?: (_common_NetIPPrefix)[];
  'exclude_subnets'?: (_common_NetIPPrefix)[];
  'invert'?: (boolean);
}

export interface NfTablesAddressMatch__Output {
  'include_subnets': (_common_NetIPPrefix__Output)[];
  'exclude_subnets': (_common_NetIPPrefix__Output)[];
  'invert': (boolean);
}
