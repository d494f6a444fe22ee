// Original file: proto/resource/definitions/k8s/k8s.proto


export interface NodeAnnotationSpecSpec {
  'key'?: (string);
  'value'?: (string);
}

export interface NodeAnnotationSpecSpec__Output {
  'key': (string);
  'value': (string);
}
