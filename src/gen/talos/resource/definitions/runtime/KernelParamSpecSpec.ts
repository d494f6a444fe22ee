// Original file: proto/resource/definitions/runtime/runtime.proto


export interface KernelParamSpecSpec {
  'value'?: (string);
  'ignore_errors'?: (boolean);
}

export interface KernelParamSpecSpec__Output {
  'value': (string);
  'ignore_errors': (boolean);
}
