// Original file: proto/resource/definitions/runtime/runtime.proto


export interface ServicePIDSpec {
  'pid'?: (number);
  'mount_namespace'?: (string);
}

export interface ServicePIDSpec__Output {
  'pid': (number);
  'mount_namespace': (string);
}
