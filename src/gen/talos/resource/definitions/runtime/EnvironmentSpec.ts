// Original file: proto/resource/definitions/runtime/runtime.proto


export interface EnvironmentSpec {
  'variables'?: (string)[];
}

export interface EnvironmentSpec__Output {
  'variables': (string)[];
}
