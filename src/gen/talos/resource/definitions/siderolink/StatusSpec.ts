// Original file: proto/resource/definitions/siderolink/siderolink.proto


export interface StatusSpec {
  'host'?: (string);
  'connected'?: (boolean);
  'link_name'?: (string);
  'grpc_tunnel'?: (boolean);
}

export interface StatusSpec__Output {
  'host': (string);
  'connected': (boolean);
  'link_name': (string);
  'grpc_tunnel': (boolean);
}
