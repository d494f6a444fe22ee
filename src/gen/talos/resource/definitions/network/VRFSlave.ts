// Original file: proto/resource/definitions/network/network.proto


export interface VRFSlave {
  'master_name'?: (string);
}

export interface VRFSlave__Output {
  'master_name': (string);
}
