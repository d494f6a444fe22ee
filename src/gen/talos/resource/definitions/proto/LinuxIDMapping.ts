// Original file: proto/resource/definitions/proto/proto.proto


export interface LinuxIDMapping {
  'container_id'?: (number);
  'host_id'?: (number);
  'size'?: (number);
}

export interface LinuxIDMapping__Output {
  'container_id': (number);
  'host_id': (number);
  'size': (number);
}
