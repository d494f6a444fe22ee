// Original file: proto/resource/definitions/runtime/runtime.proto


export interface KernelCmdlineSpec {
  'cmdline'?: (string);
}

export interface KernelCmdlineSpec__Output {
  'cmdline': (string);
}
