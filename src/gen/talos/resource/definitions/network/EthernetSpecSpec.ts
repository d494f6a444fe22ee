// Original file: proto/resource/definitions/network/network.proto

import type { EthernetRingsSpec as _talos_resource_definitions_network_EthernetRingsSpec, EthernetRingsSpec__Output as _talos_resource_definitions_network_EthernetRingsSpec__Output } from '../../../../talos/resource/definitions/network/EthernetRingsSpec';
import type { EthernetChannelsSpec as _talos_resource_definitions_network_EthernetChannelsSpec, EthernetChannelsSpec__Output as _talos_resource_definitions_network_EthernetChannelsSpec__Output } from '../../../../talos/resource/definitions/network/EthernetChannelsSpec';
import type { NethelpersWOLMode as _talos_resource_definitions_enums_NethelpersWOLMode, NethelpersWOLMode__Output as _talos_resource_definitions_enums_NethelpersWOLMode__Output } from '../../../../talos/resource/definitions/enums/NethelpersWOLMode';

export interface EthernetSpecSpec {
  'rings'?: (_talos_resource_definitions_network_EthernetRingsSpec | null);
  'features'?: ({[key: string]: boolean});
  'channels'?: (_talos_resource_definitions_network_EthernetChannelsSpec | null);
  'wake_on_lan'?: (_talos_resource_definitions_enums_NethelpersWOLMode)[];
}

export interface EthernetSpecSpec__Output {
  'rings': (_talos_resource_definitions_network_EthernetRingsSpec__Output | null);
  'features': ({[key: string]: boolean});
  'channels': (_talos_resource_definitions_network_EthernetChannelsSpec__Output | null);
  'wake_on_lan': (_talos_resource_definitions_enums_NethelpersWOLMode__Output)[];
}
