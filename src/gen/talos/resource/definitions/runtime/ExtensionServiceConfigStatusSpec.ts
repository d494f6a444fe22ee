// Original file: proto/resource/definitions/runtime/runtime.proto


export interface ExtensionServiceConfigStatusSpec {
  'spec_version'?: (string);
}

export interface ExtensionServiceConfigStatusSpec__Output {
  'spec_version': (string);
}
