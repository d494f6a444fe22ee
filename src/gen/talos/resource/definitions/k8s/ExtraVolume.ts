// Original file: proto/resource/definitions/k8s/k8s.proto


export interface ExtraVolume {
  'name'?: (string);
  'host_path'?: (string);
  'mount_path'?: (string);
  'read_only'?: (boolean);
}

export interface ExtraVolume__Output {
  'name': (string);
  'host_path': (string);
  'mount_path': (string);
  'read_only': (boolean);
}
