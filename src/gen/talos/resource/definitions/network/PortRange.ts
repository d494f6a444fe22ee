// Original file: proto/resource/definitions/network/network.proto


export interface PortRange {
  'lo'?: (number);
  'hi'?: (number);
}

export interface PortRange__Output {
  'lo': (number);
  'hi': (number);
}
