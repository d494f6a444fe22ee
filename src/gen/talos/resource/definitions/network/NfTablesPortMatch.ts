// Original file: proto/resource/definitions/network/network.proto

import type { PortRange as _talos_resource_definitions_network_PortRange, PortRange__Output as _talos_resource_definitions_network_PortRange__Output } from '../../../../talos/resource/definitions/network/PortRange';

export interface NfTablesPortMatch {
  'ranges'?: (_talos_resource_definitions_network_PortRange)[];
}

export interface NfTablesPortMatch__Output {
  'ranges': (_talos_resource_definitions_network_PortRange__Output)[];
}
