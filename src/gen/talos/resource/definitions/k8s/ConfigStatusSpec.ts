// Original file: proto/resource/definitions/k8s/k8s.proto


export interface ConfigStatusSpec {
  'ready'?: (boolean);
  'version'?: (string);
}

export interface ConfigStatusSpec__Output {
  'ready': (boolean);
  'version': (string);
}
