// Original file: proto/resource/definitions/k8s/k8s.proto


export interface KubePrismEndpoint {
  'host'?: (string);
  'port'?: (number);
}

export interface KubePrismEndpoint__Output {
  'host': (string);
  'port': (number);
}
