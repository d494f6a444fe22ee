// Original file: proto/resource/definitions/k8s/k8s.proto

import type { AuthorizationAuthorizersSpec as _talos_resource_definitions_k8s_AuthorizationAuthorizersSpec, AuthorizationAuthorizersSpec__Output as _talos_resource_definitions_k8s_AuthorizationAuthorizersSpec__Output } from '../../../../talos/resource/definitions/k8s/AuthorizationAuthorizersSpec';

export interface AuthorizationConfigSpec {
  'image'?: (string);
  'config'?: (_talos_resource_definitions_k8s_AuthorizationAuthorizersSpec)[];
}

export interface AuthorizationConfigSpec__Output {
  'image': (string);
  'config': (_talos_resource_definitions_k8s_AuthorizationAuthorizersSpec__Output)[];
}
