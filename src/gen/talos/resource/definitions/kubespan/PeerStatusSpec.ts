// Original file: proto/resource/definitions/kubespan/kubespan.proto

import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';
import type { KubespanPeerState as _talos_resource_definitions_enums_KubespanPeerState, KubespanPeerState__Output as _talos_resource_definitions_enums_KubespanPeerState__Output } from '../../../../talos/resource/definitions/enums/KubespanPeerState';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface PeerStatusSpec {
  'endpoint'?: (_common_NetIPPort | null);
  'label'?: (string);
  'state'?: (_talos_resource_definitions_enums_KubespanPeerState);
  'receive_bytes'?: (number | string | Long);
  'transmit_bytes'?: (number | string | Long);
  'last_handshake_time'?: (_google_protobuf_Timestamp | null);
  'last_used_endpoint'?: (_common_NetIPPort | null);
  'last_endpoint_change'?: (_google_protobuf_Timestamp | null);
}

export interface PeerStatusSpec__Output {
  'endpoint': (_common_NetIPPort__Output | null);
  'label': (string);
  'state': (_talos_resource_definitions_enums_KubespanPeerState__Output);
  'receive_bytes': (string);
  'transmit_bytes': (string);
  'last_handshake_time': (_google_protobuf_Timestamp__Output | null);
  'last_used_endpoint': (_common_NetIPPort__Output | null);
  'last_endpoint_change': (_google_protobuf_Timestamp__Output | null);
}
