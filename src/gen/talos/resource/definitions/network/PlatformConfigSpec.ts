// Original file: proto/resource/definitions/network/network.proto

import type { AddressSpecSpec as _talos_resource_definitions_network_AddressSpecSpec, AddressSpecSpec__Output as _talos_resource_definitions_network_AddressSpecSpec__Output } from '../../../../talos/resource/definitions/network/AddressSpecSpec';
import type { LinkSpecSpec as _talos_resource_definitions_network_LinkSpecSpec, LinkSpecSpec__Output as _talos_resource_definitions_network_LinkSpecSpec__Output } from '../../../../talos/resource/definitions/network/LinkSpecSpec';
import type { RouteSpecSpec as _talos_resource_definitions_network_RouteSpecSpec, RouteSpecSpec__Output as _talos_resource_definitions_network_RouteSpecSpec__Output } from '../../../../talos/resource/definitions/network/RouteSpecSpec';
import type { HostnameSpecSpec as _talos_resource_definitions_network_HostnameSpecSpec, HostnameSpecSpec__Output as _talos_resource_definitions_network_HostnameSpecSpec__Output } from '../../../../talos/resource/definitions/network/HostnameSpecSpec';
import type { ResolverSpecSpec as _talos_resource_definitions_network_ResolverSpecSpec, ResolverSpecSpec__Output as _talos_resource_definitions_network_ResolverSpecSpec__Output } from '../../../../talos/resource/definitions/network/ResolverSpecSpec';
import type { TimeServerSpecSpec as _talos_resource_definitions_network_TimeServerSpecSpec, TimeServerSpecSpec__Output as _talos_resource_definitions_network_TimeServerSpecSpec__Output } from '../../../../talos/resource/definitions/network/TimeServerSpecSpec';
import type { OperatorSpecSpec as _talos_resource_definitions_network_OperatorSpecSpec, OperatorSpecSpec__Output as _talos_resource_definitions_network_OperatorSpecSpec__Output } from '../../../../talos/resource/definitions/network/OperatorSpecSpec';
import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { ProbeSpecSpec as _talos_resource_definitions_network_ProbeSpecSpec, ProbeSpecSpec__Output as _talos_resource_definitions_network_ProbeSpecSpec__Output } from '../../../../talos/resource/definitions/network/ProbeSpecSpec';
import type { PlatformMetadataSpec as _talos_resource_definitions_runtime_PlatformMetadataSpec, PlatformMetadataSpec__Output as _talos_resource_definitions_runtime_PlatformMetadataSpec__Output } from '../../../../talos/resource/definitions/runtime/PlatformMetadataSpec';

export interface PlatformConfigSpec {
  'addresses'?: (_talos_resource_definitions_network_AddressSpecSpec)[];
  'links'?: (_talos_resource_definitions_network_LinkSpecSpec)[];
  'routes'?: (_talos_resource_definitions_network_RouteSpecSpec)[];
  'hostnames'?: (_talos_resource_definitions_network_HostnameSpecSpec)[];
  'resolvers'?: (_talos_resource_definitions_network_ResolverSpecSpec)[];
  'time_servers'?: (_talos_resource_definitions_network_TimeServerSpecSpec)[];
  'operators'?: (_talos_resource_definitions_network_OperatorSpecSpec)[];
  'external_ips'?: (_common_NetIP)[];
  'probes'?: (_talos_resource_definitions_network_ProbeSpecSpec)[];
  'metadata'?: (_talos_resource_definitions_runtime_PlatformMetadataSpec | null);
}

export interface PlatformConfigSpec__Output {
  'addresses': (_talos_resource_definitions_network_AddressSpecSpec__Output)[];
  'links': (_talos_resource_definitions_network_LinkSpecSpec__Output)[];
  'routes': (_talos_resource_definitions_network_RouteSpecSpec__Output)[];
  'hostnames': (_talos_resource_definitions_network_HostnameSpecSpec__Output)[];
  'resolvers': (_talos_resource_definitions_network_ResolverSpecSpec__Output)[];
  'time_servers': (_talos_resource_definitions_network_TimeServerSpecSpec__Output)[];
  'operators': (_talos_resource_definitions_network_OperatorSpecSpec__Output)[];
  'external_ips': (_common_NetIP__Output)[];
  'probes': (_talos_resource_definitions_network_ProbeSpecSpec__Output)[];
  'metadata': (_talos_resource_definitions_runtime_PlatformMetadataSpec__Output | null);
}
