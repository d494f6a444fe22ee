// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersFamily as _talos_resource_definitions_enums_NethelpersFamily, NethelpersFamily__Output as _talos_resource_definitions_enums_NethelpersFamily__Output } from '../../../../talos/resource/definitions/enums/NethelpersFamily';
import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';
import type { NethelpersRoutingTable as _talos_resource_definitions_enums_NethelpersRoutingTable, NethelpersRoutingTable__Output as _talos_resource_definitions_enums_NethelpersRoutingTable__Output } from '../../../../talos/resource/definitions/enums/NethelpersRoutingTable';
import type { NethelpersRoutingRuleAction as _talos_resource_definitions_enums_NethelpersRoutingRuleAction, NethelpersRoutingRuleAction__Output as _talos_resource_definitions_enums_NethelpersRoutingRuleAction__Output } from '../../../../talos/resource/definitions/enums/NethelpersRoutingRuleAction';

export interface RoutingRuleStatusSpec {
  'family'?: (_talos_resource_definitions_enums_NethelpersFamily);
  'src'?: (_common_NetIPPrefix | null);
  'dst'?: (_common_NetIPPrefix | null);
  'table'?: (_talos_resource_definitions_enums_NethelpersRoutingTable);
  'priority'?: (number);
  'action'?: (_talos_resource_definitions_enums_NethelpersRoutingRuleAction);
  'iif_name'?: (string);
  'oif_name'?: (string);
  'fw_mark'?: (number);
  'fw_mask'?: (number);
}

export interface RoutingRuleStatusSpec__Output {
  'family': (_talos_resource_definitions_enums_NethelpersFamily__Output);
  'src': (_common_NetIPPrefix__Output | null);
  'dst': (_common_NetIPPrefix__Output | null);
  'table': (_talos_resource_definitions_enums_NethelpersRoutingTable__Output);
  'priority': (number);
  'action': (_talos_resource_definitions_enums_NethelpersRoutingRuleAction__Output);
  'iif_name': (string);
  'oif_name': (string);
  'fw_mark': (number);
  'fw_mask': (number);
}
