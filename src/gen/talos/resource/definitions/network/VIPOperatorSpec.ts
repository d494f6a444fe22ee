// Original file: proto/resource/definitions/network/network.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { VIPEquinixMetalSpec as _talos_resource_definitions_network_VIPEquinixMetalSpec, VIPEquinixMetalSpec__Output as _talos_resource_definitions_network_VIPEquinixMetalSpec__Output } from '../../../../talos/resource/definitions/network/VIPEquinixMetalSpec';
import type { VIPHCloudSpec as _talos_resource_definitions_network_VIPHCloudSpec, VIPHCloudSpec__Output as _talos_resource_definitions_network_VIPHCloudSpec__Output } from '../../../../talos/resource/definitions/network/VIPHCloudSpec';

export interface VIPOperatorSpec {
  'ip'?: (_common_NetIP | null);
  'gratuitous_arp'?: (boolean);
  'equinix_metal'?: (_talos_resource_definitions_network_VIPEquinixMetalSpec | null);
  'h_cloud'?: (_talos_resource_definitions_network_VIPHCloudSpec | null);
}

export interface VIPOperatorSpec__Output {
  'ip': (_common_NetIP__Output | null);
  'gratuitous_arp': (boolean);
  'equinix_metal': (_talos_resource_definitions_network_VIPEquinixMetalSpec__Output | null);
  'h_cloud': (_talos_resource_definitions_network_VIPHCloudSpec__Output | null);
}
