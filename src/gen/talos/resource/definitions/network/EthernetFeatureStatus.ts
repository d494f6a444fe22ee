// Original file: proto/resource/definitions/network/network.proto


export interface EthernetFeatureStatus {
  'name'?: (string);
  'status'?: (string);
}

export interface EthernetFeatureStatus__Output {
  'name': (string);
  'status': (string);
}
