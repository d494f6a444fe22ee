// Original file: proto/resource/definitions/k8s/k8s.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';

export interface NodeIPSpec {
  'addresses'?: (_common_NetIP)[];
}

export interface NodeIPSpec__Output {
  'addresses': (_common_NetIP__Output)[];
}
