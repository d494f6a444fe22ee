// Original file: proto/resource/definitions/runtime/runtime.proto


export interface ExtensionServiceConfigFile {
  'content'?: (string);
  'mount_path'?: (string);
}

export interface ExtensionServiceConfigFile__Output {
  'content': (string);
  'mount_path': (string);
}
