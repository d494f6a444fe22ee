// Original file: proto/resource/definitions/runtime/runtime.proto


export interface UniqueMachineTokenSpec {
  'token'?: (string);
}

export interface UniqueMachineTokenSpec__Output {
  'token': (string);
}
