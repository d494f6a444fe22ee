// Original file: proto/resource/definitions/cluster/cluster.proto


export interface IdentitySpec {
  'node_id'?: (string);
}

export interface IdentitySpec__Output {
  'node_id': (string);
}
