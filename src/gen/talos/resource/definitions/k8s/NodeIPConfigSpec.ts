// Original file: proto/resource/definitions/k8s/k8s.proto


export interface NodeIPConfigSpec {
  'valid_subnets'?: (string)[];
  'exclude_subnets'?: (string)[];
}

export interface NodeIPConfigSpec__Output {
  'valid_subnets': (string)[];
  'exclude_subnets': (string)[];
}
