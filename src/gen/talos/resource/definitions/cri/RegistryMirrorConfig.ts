// Original file: proto/resource/definitions/cri/cri.proto

import type { RegistryEndpointConfig as _talos_resource_definitions_cri_RegistryEndpointConfig, RegistryEndpointConfig__Output as _talos_resource_definitions_cri_RegistryEndpointConfig__Output } from '../../../../talos/resource/definitions/cri/RegistryEndpointConfig';

export interface RegistryMirrorConfig {
  'mirror_endpoints'?: (_talos_resource_definitions_cri_RegistryEndpointConfig)[];
  'mirror_skip_fallback'?: (boolean);
}

export interface RegistryMirrorConfig__Output {
  'mirror_endpoints': (_talos_resource_definitions_cri_RegistryEndpointConfig__Output)[];
  'mirror_skip_fallback': (boolean);
}
