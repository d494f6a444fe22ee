// Original file: proto/machine/machine.proto


export interface EtcdClusterDowngrade {
  'cluster_version'?: (string);
}

export interface EtcdClusterDowngrade__Output {
  'cluster_version': (string);
}
