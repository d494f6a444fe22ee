// Original file: proto/resource/definitions/k8s/k8s.proto

import type { ExtraManifest as _talos_resource_definitions_k8s_ExtraManifest, ExtraManifest__Output as _talos_resource_definitions_k8s_ExtraManifest__Output } from '../../../../talos/resource/definitions/k8s/ExtraManifest';

export interface ExtraManifestsConfigSpec {
  'extra_manifests'?: (_talos_resource_definitions_k8s_ExtraManifest)[];
}

export interface ExtraManifestsConfigSpec__Output {
  'extra_manifests': (_talos_resource_definitions_k8s_ExtraManifest__Output)[];
}
