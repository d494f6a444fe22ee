// Original file: proto/resource/definitions/network/network.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';

export interface ResolverSpecSpec {
  'dns_servers'?: (_common_NetIP)[];
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
  'search_domains'?: (string)[];
}

export interface ResolverSpecSpec__Output {
  'dns_servers': (_common_NetIP__Output)[];
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
  'search_domains': (string)[];
}
