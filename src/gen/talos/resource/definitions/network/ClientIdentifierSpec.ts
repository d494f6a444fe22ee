// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersClientIdentifier as _talos_resource_definitions_enums_NethelpersClientIdentifier, NethelpersClientIdentifier__Output as _talos_resource_definitions_enums_NethelpersClientIdentifier__Output } from '../../../../talos/resource/definitions/enums/NethelpersClientIdentifier';

export interface ClientIdentifierSpec {
  'client_identifier'?: (_talos_resource_definitions_enums_NethelpersClientIdentifier);
  'duid_raw_hex'?: (string);
}

export interface ClientIdentifierSpec__Output {
  'client_identifier': (_talos_resource_definitions_enums_NethelpersClientIdentifier__Output);
  'duid_raw_hex': (string);
}
