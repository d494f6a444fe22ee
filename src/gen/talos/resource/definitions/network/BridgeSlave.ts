// Original file: proto/resource/definitions/network/network.proto


export interface BridgeSlave {
  'master_name'?: (string);
}

export interface BridgeSlave__Output {
  'master_name': (string);
}
