// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersMatchOperator as _talos_resource_definitions_enums_NethelpersMatchOperator, NethelpersMatchOperator__Output as _talos_resource_definitions_enums_NethelpersMatchOperator__Output } from '../../../../talos/resource/definitions/enums/NethelpersMatchOperator';

export interface NfTablesIfNameMatch {
  'operator'?: (_talos_resource_definitions_enums_NethelpersMatchOperator);
  'interface_names'?: (string)[];
}

export interface NfTablesIfNameMatch__Output {
  'operator': (_talos_resource_definitions_enums_NethelpersMatchOperator__Output);
  'interface_names': (string)[];
}
