// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersICMPType as _talos_resource_definitions_enums_NethelpersICMPType, NethelpersICMPType__Output as _talos_resource_definitions_enums_NethelpersICMPType__Output } from '../../../../talos/resource/definitions/enums/NethelpersICMPType';

export interface NfTablesICMPTypeMatch {
  'types'?: (_talos_resource_definitions_enums_NethelpersICMPType)[];
}

export interface NfTablesICMPTypeMatch__Output {
  'types': (_talos_resource_definitions_enums_NethelpersICMPType__Output)[];
}
