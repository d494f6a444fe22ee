// Original file: proto/resource/definitions/cluster/cluster.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';
import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';

export interface KubeSpanAffiliateSpec {
  'public_key'?: (string);
  'address'?: (_common_NetIP | null);
  'additional_addresses'?: (_common_NetIPPrefix)[];
  'endpoints'?: (_common_NetIPPort)[];
  'exclude_advertised_networks'?: (_common_NetIPPrefix)[];
}

export interface KubeSpanAffiliateSpec__Output {
  'public_key': (string);
  'address': (_common_NetIP__Output | null);
  'additional_addresses': (_common_NetIPPrefix__Output)[];
  'endpoints': (_common_NetIPPort__Output)[];
  'exclude_advertised_networks': (_common_NetIPPrefix__Output)[];
}
