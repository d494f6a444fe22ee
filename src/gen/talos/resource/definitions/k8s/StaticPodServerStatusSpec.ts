// Original file: proto/resource/definitions/k8s/k8s.proto


export interface StaticPodServerStatusSpec {
  'url'?: (string);
}

export interface StaticPodServerStatusSpec__Output {
  'url': (string);
}
