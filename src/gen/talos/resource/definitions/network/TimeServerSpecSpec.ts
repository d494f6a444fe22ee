// Original file: proto/resource/definitions/network/network.proto

import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';

export interface TimeServerSpecSpec {
  'ntp_servers'?: (string)[];
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
}

export interface TimeServerSpecSpec__Output {
  'ntp_servers': (string)[];
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
}
