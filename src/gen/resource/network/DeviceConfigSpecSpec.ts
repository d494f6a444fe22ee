// Original file: proto/resource/network/device_config.proto


export interface DeviceConfigSpecSpec {
  'yaml_marshalled'?: (Buffer | Uint8Array | string);
}

export interface DeviceConfigSpecSpec__Output {
  'yaml_marshalled': (Buffer);
}
