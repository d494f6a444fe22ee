// Original file: proto/resource/definitions/k8s/k8s.proto


export interface NodenameSpec {
  'nodename'?: (string);
  'hostname_version'?: (string);
  'skip_node_registration'?: (boolean);
}

export interface NodenameSpec__Output {
  'nodename': (string);
  'hostname_version': (string);
  'skip_node_registration': (boolean);
}
