// Original file: proto/resource/definitions/network/network.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../../../google/protobuf/Duration';
import type { TCPProbeSpec as _talos_resource_definitions_network_TCPProbeSpec, TCPProbeSpec__Output as _talos_resource_definitions_network_TCPProbeSpec__Output } from '../../../../talos/resource/definitions/network/TCPProbeSpec';
import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';
import type { Long } from '@grpc/proto-loader';

export interface ProbeSpecSpec {
  'interval'?: (_google_protobuf_Duration | null);
  'failure_threshold'?: (number | string | Long);
  'tcp'?: (_talos_resource_definitions_network_TCPProbeSpec | null);
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
}

export interface ProbeSpecSpec__Output {
  'interval': (_google_protobuf_Duration__Output | null);
  'failure_threshold': (string);
  'tcp': (_talos_resource_definitions_network_TCPProbeSpec__Output | null);
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
}
