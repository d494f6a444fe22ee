// Original file: proto/resource/definitions/k8s/k8s.proto

import type { AdmissionPluginSpec as _talos_resource_definitions_k8s_AdmissionPluginSpec, AdmissionPluginSpec__Output as _talos_resource_definitions_k8s_AdmissionPluginSpec__Output } from '../../../../talos/resource/definitions/k8s/AdmissionPluginSpec';

export interface AdmissionControlConfigSpec {
  'config'?: (_talos_resource_definitions_k8s_AdmissionPluginSpec)[];
}

export interface AdmissionControlConfigSpec__Output {
  'config': (_talos_resource_definitions_k8s_AdmissionPluginSpec__Output)[];
}
