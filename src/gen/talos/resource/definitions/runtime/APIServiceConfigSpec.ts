// Original file: proto/resource/definitions/runtime/runtime.proto


export interface APIServiceConfigSpec {
  'listen_address'?: (string);
  'node_routing_disabled'?: (boolean);
  'readonly_role_mode'?: (boolean);
  'skip_verifying_client_cert'?: (boolean);
}

export interface APIServiceConfigSpec__Output {
  'listen_address': (string);
  'node_routing_disabled': (boolean);
  'readonly_role_mode': (boolean);
  'skip_verifying_client_cert': (boolean);
}
