// Original file: proto/resource/definitions/siderolink/siderolink.proto

import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';
import type { Long } from '@grpc/proto-loader';

export interface TunnelSpec {
  'api_endpoint'?: (string);
  'link_name'?: (string);
  'mtu'?: (number | string | Long);
  'node_address'?: (_common_NetIPPort | null);
}

export interface TunnelSpec__Output {
  'api_endpoint': (string);
  'link_name': (string);
  'mtu': (string);
  'node_address': (_common_NetIPPort__Output | null);
}
