// Original file: proto/resource/definitions/network/network.proto

import type { NetworkOperator as _talos_resource_definitions_enums_NetworkOperator, NetworkOperator__Output as _talos_resource_definitions_enums_NetworkOperator__Output } from '../../../../talos/resource/definitions/enums/NetworkOperator';
import type { DHCP4OperatorSpec as _talos_resource_definitions_network_DHCP4OperatorSpec, DHCP4OperatorSpec__Output as _talos_resource_definitions_network_DHCP4OperatorSpec__Output } from '../../../../talos/resource/definitions/network/DHCP4OperatorSpec';
import type { DHCP6OperatorSpec as _talos_resource_definitions_network_DHCP6OperatorSpec, DHCP6OperatorSpec__Output as _talos_resource_definitions_network_DHCP6OperatorSpec__Output } from '../../../../talos/resource/definitions/network/DHCP6OperatorSpec';
import type { VIPOperatorSpec as _talos_resource_definitions_network_VIPOperatorSpec, VIPOperatorSpec__Output as _talos_resource_definitions_network_VIPOperatorSpec__Output } from '../../../../talos/resource/definitions/network/VIPOperatorSpec';
import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';

export interface OperatorSpecSpec {
  'operator'?: (_talos_resource_definitions_enums_NetworkOperator);
  'link_name'?: (string);
  'require_up'?: (boolean);
  'dhcp4'?: (_talos_resource_definitions_network_DHCP4OperatorSpec | null);
  'dhcp6'?: (_talos_resource_definitions_network_DHCP6OperatorSpec | null);
  'vip'?: (_talos_resource_definitions_network_VIPOperatorSpec | null);
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
}

export interface OperatorSpecSpec__Output {
  'operator': (_talos_resource_definitions_enums_NetworkOperator__Output);
  'link_name': (string);
  'require_up': (boolean);
  'dhcp4': (_talos_resource_definitions_network_DHCP4OperatorSpec__Output | null);
  'dhcp6': (_talos_resource_definitions_network_DHCP6OperatorSpec__Output | null);
  'vip': (_talos_resource_definitions_network_VIPOperatorSpec__Output | null);
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
}
