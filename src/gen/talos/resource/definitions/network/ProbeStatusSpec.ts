// Original file: proto/resource/definitions/network/network.proto


export interface ProbeStatusSpec {
  'success'?: (boolean);
  'last_error'?: (string);
}

export interface ProbeStatusSpec__Output {
  'success': (boolean);
  'last_error': (string);
}
