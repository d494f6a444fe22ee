// Original file: proto/resource/definitions/kubeaccess/kubeaccess.proto


export interface ConfigSpec {
  'enabled'?: (boolean);
  'allowed_api_roles'?: (string)[];
  'allowed_kubernetes_namespaces'?: (string)[];
}

export interface ConfigSpec__Output {
  'enabled': (boolean);
  'allowed_api_roles': (string)[];
  'allowed_kubernetes_namespaces': (string)[];
}
