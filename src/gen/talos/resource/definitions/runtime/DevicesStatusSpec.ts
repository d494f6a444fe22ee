// Original file: proto/resource/definitions/runtime/runtime.proto


export interface DevicesStatusSpec {
  'ready'?: (boolean);
}

export interface DevicesStatusSpec__Output {
  'ready': (boolean);
}
