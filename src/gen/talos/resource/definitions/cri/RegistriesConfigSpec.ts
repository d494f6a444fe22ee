// Original file: proto/resource/definitions/cri/cri.proto

import type { RegistryMirrorConfig as _talos_resource_definitions_cri_RegistryMirrorConfig, RegistryMirrorConfig__Output as _talos_resource_definitions_cri_RegistryMirrorConfig__Output } from '../../../../talos/resource/definitions/cri/RegistryMirrorConfig';
import type { RegistryAuthConfig as _talos_resource_definitions_cri_RegistryAuthConfig, RegistryAuthConfig__Output as _talos_resource_definitions_cri_RegistryAuthConfig__Output } from '../../../../talos/resource/definitions/cri/RegistryAuthConfig';
import type { RegistryTLSConfig as _talos_resource_definitions_cri_RegistryTLSConfig, RegistryTLSConfig__Output as _talos_resource_definitions_cri_RegistryTLSConfig__Output } from '../../../../talos/resource/definitions/cri/RegistryTLSConfig';

export interface RegistriesConfigSpec {
  'registry_mirrors'?: ({[key: string]: _talos_resource_definitions_cri_RegistryMirrorConfig});
  'registry_auths'?: ({[key: string]: _talos_resource_definitions_cri_RegistryAuthConfig});
  'registry_tl_ss'?: ({[key: string]: _talos_resource_definitions_cri_RegistryTLSConfig});
}

export interface RegistriesConfigSpec__Output {
  'registry_mirrors': ({[key: string]: _talos_resource_definitions_cri_RegistryMirrorConfig__Output});
  'registry_auths': ({[key: string]: _talos_resource_definitions_cri_RegistryAuthConfig__Output});
  'registry_tl_ss': ({[key: string]: _talos_resource_definitions_cri_RegistryTLSConfig__Output});
}
