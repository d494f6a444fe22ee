// Original file: proto/resource/definitions/k8s/k8s.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';

export interface EndpointSpec {
  'addresses'?: (_common_NetIP)[];
  'hosts'?: (string)[];
}

export interface EndpointSpec__Output {
  'addresses': (_common_NetIP__Output)[];
  'hosts': (string)[];
}
