// Original file: proto/resource/definitions/network/network.proto


export interface HardwareAddrSpec {
  'name'?: (string);
  'hardware_addr'?: (Buffer | Uint8Array | string);
}

export interface HardwareAddrSpec__Output {
  'name': (string);
  'hardware_addr': (Buffer);
}
