// Original file: proto/resource/definitions/siderolink/siderolink.proto


export interface ConfigSpec {
  'api_endpoint'?: (string);
  'host'?: (string);
  'join_token'?: (string);
  'insecure'?: (boolean);
  'tunnel'?: (boolean);
}

export interface ConfigSpec__Output {
  'api_endpoint': (string);
  'host': (string);
  'join_token': (string);
  'insecure': (boolean);
  'tunnel': (boolean);
}
