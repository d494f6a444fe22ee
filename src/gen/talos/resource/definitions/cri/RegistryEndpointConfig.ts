// Original file: proto/resource/definitions/cri/cri.proto


export interface RegistryEndpointConfig {
  'endpoint_endpoint'?: (string);
  'endpoint_override_path'?: (boolean);
}

export interface RegistryEndpointConfig__Output {
  'endpoint_endpoint': (string);
  'endpoint_override_path': (boolean);
}
