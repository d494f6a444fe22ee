// Original file: proto/resource/definitions/runtime/runtime.proto


export interface MetaKeySpec {
  'value'?: (string);
}

export interface MetaKeySpec__Output {
  'value': (string);
}
