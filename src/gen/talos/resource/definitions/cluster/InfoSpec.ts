// Original file: proto/resource/definitions/cluster/cluster.proto


export interface InfoSpec {
  'cluster_id'?: (string);
  'cluster_name'?: (string);
}

export interface InfoSpec__Output {
  'cluster_id': (string);
  'cluster_name': (string);
}
