// Original file: proto/resource/definitions/runtime/runtime.proto


export interface KernelModuleSpecSpec {
  'name'?: (string);
  'parameters'?: (string)[];
}

export interface KernelModuleSpecSpec__Output {
  'name': (string);
  'parameters': (string)[];
}
