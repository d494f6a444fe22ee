// Original file: proto/resource/definitions/runtime/runtime.proto


export interface MetaLoadedSpec {
  'done'?: (boolean);
}

export interface MetaLoadedSpec__Output {
  'done': (boolean);
}
