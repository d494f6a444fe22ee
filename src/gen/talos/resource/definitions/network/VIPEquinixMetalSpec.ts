// Original file: proto/resource/definitions/network/network.proto


export interface VIPEquinixMetalSpec {
  'project_id'?: (string);
  'device_id'?: (string);
  'api_token'?: (string);
}

export interface VIPEquinixMetalSpec__Output {
  'project_id': (string);
  'device_id': (string);
  'api_token': (string);
}
