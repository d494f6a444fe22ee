// Original file: proto/resource/definitions/k8s/k8s.proto

import type { SingleManifest as _talos_resource_definitions_k8s_SingleManifest, SingleManifest__Output as _talos_resource_definitions_k8s_SingleManifest__Output } from '../../../../talos/resource/definitions/k8s/SingleManifest';

export interface ManifestSpec {
  'items'?: (_talos_resource_definitions_k8s_SingleManifest)[];
}

export interface ManifestSpec__Output {
  'items': (_talos_resource_definitions_k8s_SingleManifest__Output)[];
}
