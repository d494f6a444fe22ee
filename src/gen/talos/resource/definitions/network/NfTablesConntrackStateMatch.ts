// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersConntrackState as _talos_resource_definitions_enums_NethelpersConntrackState, NethelpersConntrackState__Output as _talos_resource_definitions_enums_NethelpersConntrackState__Output } from '../../../../talos/resource/definitions/enums/NethelpersConntrackState';

export interface NfTablesConntrackStateMatch {
  'states'?: (_talos_resource_definitions_enums_NethelpersConntrackState)[];
}

export interface NfTablesConntrackStateMatch__Output {
  'states': (_talos_resource_definitions_enums_NethelpersConntrackState__Output)[];
}
