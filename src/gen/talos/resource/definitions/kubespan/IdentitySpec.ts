// Original file: proto/resource/definitions/kubespan/kubespan.proto

import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';

export interface IdentitySpec {
  'address'?: (_common_NetIPPrefix | null);
  'subnet'?: (_common_NetIPPrefix | null);
  'private_key'?: (string);
  'public_key'?: (string);
}

export interface IdentitySpec__Output {
  'address': (_common_NetIPPrefix__Output | null);
  'subnet': (_common_NetIPPrefix__Output | null);
  'private_key': (string);
  'public_key': (string);
}
