// Original file: proto/resource/definitions/k8s/k8s.proto


export interface NodeTaintSpecSpec {
  'key'?: (string);
  'effect'?: (string);
  'value'?: (string);
}

export interface NodeTaintSpecSpec__Output {
  'key': (string);
  'effect': (string);
  'value': (string);
}
