// Original file: proto/resource/definitions/etcd/etcd.proto


export interface PKIStatusSpec {
  'ready'?: (boolean);
  'version'?: (string);
}

export interface PKIStatusSpec__Output {
  'ready': (boolean);
  'version': (string);
}
