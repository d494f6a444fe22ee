// Original file: proto/resource/definitions/block/block.proto


export interface VolumeMountStatusSpec {
  'volume_id'?: (string);
  'requester'?: (string);
  'target'?: (string);
  'read_only'?: (boolean);
  'detached'?: (boolean);
  'disable_access_time'?: (boolean);
  'secure'?: (boolean);
}

export interface VolumeMountStatusSpec__Output {
  'volume_id': (string);
  'requester': (string);
  'target': (string);
  'read_only': (boolean);
  'detached': (boolean);
  'disable_access_time': (boolean);
  'secure': (boolean);
}
