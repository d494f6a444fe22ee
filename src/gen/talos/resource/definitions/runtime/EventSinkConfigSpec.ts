// Original file: proto/resource/definitions/runtime/runtime.proto


export interface EventSinkConfigSpec {
  'endpoint'?: (string);
}

export interface EventSinkConfigSpec__Output {
  'endpoint': (string);
}
