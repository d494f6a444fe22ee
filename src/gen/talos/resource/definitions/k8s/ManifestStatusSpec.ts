// Original file: proto/resource/definitions/k8s/k8s.proto


export interface ManifestStatusSpec {
  'manifests_applied'?: (string)[];
}

export interface ManifestStatusSpec__Output {
  'manifests_applied': (string)[];
}
