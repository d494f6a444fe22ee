// Original file: proto/resource/definitions/k8s/k8s.proto


export interface KubeletKubeconfigSpec {
  'hash'?: (string);
}

export interface KubeletKubeconfigSpec__Output {
  'hash': (string);
}
