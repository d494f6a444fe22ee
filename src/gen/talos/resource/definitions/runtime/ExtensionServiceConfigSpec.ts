// Original file: proto/resource/definitions/runtime/runtime.proto

import type { ExtensionServiceConfigFile as _talos_resource_definitions_runtime_ExtensionServiceConfigFile, ExtensionServiceConfigFile__Output as _talos_resource_definitions_runtime_ExtensionServiceConfigFile__Output } from '../../../../talos/resource/definitions/runtime/ExtensionServiceConfigFile';

export interface ExtensionServiceConfigSpec {
  'files'?: (_talos_resource_definitions_runtime_ExtensionServiceConfigFile)[];
  'environment'?: (string)[];
}

export interface ExtensionServiceConfigSpec__Output {
  'files': (_talos_resource_definitions_runtime_ExtensionServiceConfigFile__Output)[];
  'environment': (string)[];
}
