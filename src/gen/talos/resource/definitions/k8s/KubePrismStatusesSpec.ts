// Original file: proto/resource/definitions/k8s/k8s.proto


export interface KubePrismStatusesSpec {
  'host'?: (string);
  'healthy'?: (boolean);
}

export interface KubePrismStatusesSpec__Output {
  'host': (string);
  'healthy': (boolean);
}
