// Original file: proto/resource/definitions/block/block.proto


export interface VolumeMountRequestSpec {
  'volume_id'?: (string);
  'requester'?: (string);
  'read_only'?: (boolean);
  'detached'?: (boolean);
  'disable_access_time'?: (boolean);
  'secure'?: (boolean);
}

export interface VolumeMountRequestSpec__Output {
  'volume_id': (string);
  'requester': (string);
  'read_only': (boolean);
  'detached': (boolean);
  'disable_access_time': (boolean);
  'secure': (boolean);
}
