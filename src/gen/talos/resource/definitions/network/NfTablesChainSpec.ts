// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersNfTablesChainHook as _talos_resource_definitions_enums_NethelpersNfTablesChainHook, NethelpersNfTablesChainHook__Output as _talos_resource_definitions_enums_NethelpersNfTablesChainHook__Output } from '../../../../talos/resource/definitions/enums/NethelpersNfTablesChainHook';
import type { NethelpersNfTablesChainPriority as _talos_resource_definitions_enums_NethelpersNfTablesChainPriority, NethelpersNfTablesChainPriority__Output as _talos_resource_definitions_enums_NethelpersNfTablesChainPriority__Output } from '../../../../talos/resource/definitions/enums/NethelpersNfTablesChainPriority';
import type { NfTablesRule as _talos_resource_definitions_network_NfTablesRule, NfTablesRule__Output as _talos_resource_definitions_network_NfTablesRule__Output } from '../../../../talos/resource/definitions/network/NfTablesRule';
import type { NethelpersNfTablesVerdict as _talos_resource_definitions_enums_NethelpersNfTablesVerdict, NethelpersNfTablesVerdict__Output as _talos_resource_definitions_enums_NethelpersNfTablesVerdict__Output } from '../../../../talos/resource/definitions/enums/NethelpersNfTablesVerdict';

export interface NfTablesChainSpec {
  'type'?: (string);
  'hook'?: (_talos_resource_definitions_enums_NethelpersNfTablesChainHook);
  'priority'?: (_talos_resource_definitions_enums_NethelpersNfTablesChainPriority);
  'rules'?: (_talos_resource_definitions_network_NfTablesRule)[];
  'policy'?: (_talos_resource_definitions_enums_NethelpersNfTablesVerdict);
}

export interface NfTablesChainSpec__Output {
  'type': (string);
  'hook': (_talos_resource_definitions_enums_NethelpersNfTablesChainHook__Output);
  'priority': (_talos_resource_definitions_enums_NethelpersNfTablesChainPriority__Output);
  'rules': (_talos_resource_definitions_network_NfTablesRule__Output)[];
  'policy': (_talos_resource_definitions_enums_NethelpersNfTablesVerdict__Output);
}
