// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersAddressSortAlgorithm as _talos_resource_definitions_enums_NethelpersAddressSortAlgorithm, NethelpersAddressSortAlgorithm__Output as _talos_resource_definitions_enums_NethelpersAddressSortAlgorithm__Output } from '../../../../talos/resource/definitions/enums/NethelpersAddressSortAlgorithm';

export interface NodeAddressSortAlgorithmSpec {
  'algorithm'?: (_talos_resource_definitions_enums_NethelpersAddressSortAlgorithm);
}

export interface NodeAddressSortAlgorithmSpec__Output {
  'algorithm': (_talos_resource_definitions_enums_NethelpersAddressSortAlgorithm__Output);
}
