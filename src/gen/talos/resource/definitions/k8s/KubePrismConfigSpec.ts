// Original file: proto/resource/definitions/k8s/k8s.proto

import type { KubePrismEndpoint as _talos_resource_definitions_k8s_KubePrismEndpoint, KubePrismEndpoint__Output as _talos_resource_definitions_k8s_KubePrismEndpoint__Output } from '../../../../talos/resource/definitions/k8s/KubePrismEndpoint';
import type { Long } from '@grpc/proto-loader';

export interface KubePrismConfigSpec {
  'host'?: (string);
  'port'?: (number | string | Long);
  'endpoints'?: (_talos_resource_definitions_k8s_KubePrismEndpoint)[];
}

export interface KubePrismConfigSpec__Output {
  'host': (string);
  'port': (string);
  'endpoints': (_talos_resource_definitions_k8s_KubePrismEndpoint__Output)[];
}
