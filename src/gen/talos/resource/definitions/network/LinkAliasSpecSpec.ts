// Original file: proto/resource/definitions/network/network.proto


export interface LinkAliasSpecSpec {
  'alias'?: (string);
}

export interface LinkAliasSpecSpec__Output {
  'alias': (string);
}
