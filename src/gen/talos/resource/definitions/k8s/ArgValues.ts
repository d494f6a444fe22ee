// Original file: proto/resource/definitions/k8s/k8s.proto


export interface ArgValues {
  'values'?: (string)[];
}

export interface ArgValues__Output {
  'values': (string)[];
}
