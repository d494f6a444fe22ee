// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersProtocol as _talos_resource_definitions_enums_NethelpersProtocol, NethelpersProtocol__Output as _talos_resource_definitions_enums_NethelpersProtocol__Output } from '../../../../talos/resource/definitions/enums/NethelpersProtocol';
import type { NfTablesPortMatch as _talos_resource_definitions_network_NfTablesPortMatch, NfTablesPortMatch__Output as _talos_resource_definitions_network_NfTablesPortMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesPortMatch';
import type { NfTablesICMPTypeMatch as _talos_resource_definitions_network_NfTablesICMPTypeMatch, NfTablesICMPTypeMatch__Output as _talos_resource_definitions_network_NfTablesICMPTypeMatch__Output } from '../../../../talos/resource/definitions/network/NfTablesICMPTypeMatch';

export interface NfTablesLayer4Match {
  'protocol'?: (_talos_resource_definitions_enums_NethelpersProtocol);
  'match_source_port'?: (_talos_resource_definitions_network_NfTablesPortMatch | null);
  'match_destination_port'?: (_talos_resource_definitions_network_NfTablesPortMatch | null);
  'match_icmp_type'?: (_talos_resource_definitions_network_NfTablesICMPTypeMatch | null);
}

export interface NfTablesLayer4Match__Output {
  'protocol': (_talos_resource_definitions_enums_NethelpersProtocol__Output);
  'match_source_port': (_talos_resource_definitions_network_NfTablesPortMatch__Output | null);
  'match_destination_port': (_talos_resource_definitions_network_NfTablesPortMatch__Output | null);
  'match_icmp_type': (_talos_resource_definitions_network_NfTablesICMPTypeMatch__Output | null);
}
