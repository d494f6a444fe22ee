// Original file: proto/resource/definitions/network/network.proto

import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';
import type { NethelpersFamily as _talos_resource_definitions_enums_NethelpersFamily, NethelpersFamily__Output as _talos_resource_definitions_enums_NethelpersFamily__Output } from '../../../../talos/resource/definitions/enums/NethelpersFamily';
import type { NethelpersScope as _talos_resource_definitions_enums_NethelpersScope, NethelpersScope__Output as _talos_resource_definitions_enums_NethelpersScope__Output } from '../../../../talos/resource/definitions/enums/NethelpersScope';
import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';

export interface AddressSpecSpec {
  'address'?: (_common_NetIPPrefix | null);
  'link_name'?: (string);
  'family'?: (_talos_resource_definitions_enums_NethelpersFamily);
  'scope'?: (_talos_resource_definitions_enums_NethelpersScope);
  'flags'?: (number);
  'announce_with_arp'?: (boolean);
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
  'priority'?: (number);
}

export interface AddressSpecSpec__Output {
  'address': (_common_NetIPPrefix__Output | null);
  'link_name': (string);
  'family': (_talos_resource_definitions_enums_NethelpersFamily__Output);
  'scope': (_talos_resource_definitions_enums_NethelpersScope__Output);
  'flags': (number);
  'announce_with_arp': (boolean);
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
  'priority': (number);
}
