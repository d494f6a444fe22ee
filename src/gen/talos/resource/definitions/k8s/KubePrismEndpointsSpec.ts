// Original file: proto/resource/definitions/k8s/k8s.proto

import type { KubePrismEndpoint as _talos_resource_definitions_k8s_KubePrismEndpoint, KubePrismEndpoint__Output as _talos_resource_definitions_k8s_KubePrismEndpoint__Output } from '../../../../talos/resource/definitions/k8s/KubePrismEndpoint';

export interface KubePrismEndpointsSpec {
  'endpoints'?: (_talos_resource_definitions_k8s_KubePrismEndpoint)[];
}

export interface KubePrismEndpointsSpec__Output {
  'endpoints': (_talos_resource_definitions_k8s_KubePrismEndpoint__Output)[];
}
