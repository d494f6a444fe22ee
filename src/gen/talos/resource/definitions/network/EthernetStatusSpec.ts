// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersPort as _talos_resource_definitions_enums_NethelpersPort, NethelpersPort__Output as _talos_resource_definitions_enums_NethelpersPort__Output } from '../../../../talos/resource/definitions/enums/NethelpersPort';
import type { NethelpersDuplex as _talos_resource_definitions_enums_NethelpersDuplex, NethelpersDuplex__Output as _talos_resource_definitions_enums_NethelpersDuplex__Output } from '../../../../talos/resource/definitions/enums/NethelpersDuplex';
import type { EthernetRingsStatus as _talos_resource_definitions_network_EthernetRingsStatus, EthernetRingsStatus__Output as _talos_resource_definitions_network_EthernetRingsStatus__Output } from '../../../../talos/resource/definitions/network/EthernetRingsStatus';
import type { EthernetFeatureStatus as _talos_resource_definitions_network_EthernetFeatureStatus, EthernetFeatureStatus__Output as _talos_resource_definitions_network_EthernetFeatureStatus__Output } from '../../../../talos/resource/definitions/network/EthernetFeatureStatus';
import type { EthernetChannelsStatus as _talos_resource_definitions_network_EthernetChannelsStatus, EthernetChannelsStatus__Output as _talos_resource_definitions_network_EthernetChannelsStatus__Output } from '../../../../talos/resource/definitions/network/EthernetChannelsStatus';
import type { NethelpersWOLMode as _talos_resource_definitions_enums_NethelpersWOLMode, NethelpersWOLMode__Output as _talos_resource_definitions_enums_NethelpersWOLMode__Output } from '../../../../talos/resource/definitions/enums/NethelpersWOLMode';
import type { Long } from '@grpc/proto-loader';

export interface EthernetStatusSpec {
  'link_state'?: (boolean);
  'speed_megabits'?: (number | string | Long);
  'port'?: (_talos_resource_definitions_enums_NethelpersPort);
  'duplex'?: (_talos_resource_definitions_enums_NethelpersDuplex);
  'our_modes'?: (string)[];
  'peer_modes'?: (string)[];
  'rings'?: (_talos_resource_definitions_network_EthernetRingsStatus | null);
  'features'?: (_talos_resource_definitions_network_EthernetFeatureStatus)[];
  'channels'?: (_talos_resource_definitions_network_EthernetChannelsStatus | null);
  'wake_on_lan'?: (_talos_resource_definitions_enums_NethelpersWOLMode)[];
}

export interface EthernetStatusSpec__Output {
  'link_state': (boolean);
  'speed_megabits': (string);
  'port': (_talos_resource_definitions_enums_NethelpersPort__Output);
  'duplex': (_talos_resource_definitions_enums_NethelpersDuplex__Output);
  'our_modes': (string)[];
  'peer_modes': (string)[];
  'rings': (_talos_resource_definitions_network_EthernetRingsStatus__Output | null);
  'features': (_talos_resource_definitions_network_EthernetFeatureStatus__Output)[];
  'channels': (_talos_resource_definitions_network_EthernetChannelsStatus__Output | null);
  'wake_on_lan': (_talos_resource_definitions_enums_NethelpersWOLMode__Output)[];
}
