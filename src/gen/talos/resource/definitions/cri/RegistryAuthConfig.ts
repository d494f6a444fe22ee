// Original file: proto/resource/definitions/cri/cri.proto


export interface RegistryAuthConfig {
  'registry_username'?: (string);
  'registry_password'?: (string);
  'registry_auth'?: (string);
  'registry_identity_token'?: (string);
}

export interface RegistryAuthConfig__Output {
  'registry_username': (string);
  'registry_password': (string);
  'registry_auth': (string);
  'registry_identity_token': (string);
}
