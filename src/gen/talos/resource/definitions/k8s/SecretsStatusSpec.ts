// Original file: proto/resource/definitions/k8s/k8s.proto


export interface SecretsStatusSpec {
  'ready'?: (boolean);
  'version'?: (string);
}

export interface SecretsStatusSpec__Output {
  'ready': (boolean);
  'version': (string);
}
