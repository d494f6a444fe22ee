// Original file: proto/resource/definitions/kubespan/kubespan.proto

import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';

export interface EndpointSpec {
  'affiliate_id'?: (string);
  'endpoint'?: (_common_NetIPPort | null);
}

export interface EndpointSpec__Output {
  'affiliate_id': (string);
  'endpoint': (_common_NetIPPort__Output | null);
}
