// Original file: proto/resource/definitions/kubespan/kubespan.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';
import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';

export interface PeerSpecSpec {
  'address'?: (_common_NetIP | null);
  'allowed_ips'?: (_common_NetIPPrefix)[];
  'endpoints'?: (_common_NetIPPort)[];
  'label'?: (string);
}

export interface PeerSpecSpec__Output {
  'address': (_common_NetIP__Output | null);
  'allowed_ips': (_common_NetIPPrefix__Output)[];
  'endpoints': (_common_NetIPPort__Output)[];
  'label': (string);
}
