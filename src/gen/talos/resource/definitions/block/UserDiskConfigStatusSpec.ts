// Original file: proto/resource/definitions/block/block.proto


export interface UserDiskConfigStatusSpec {
  'ready'?: (boolean);
  'torn_down'?: (boolean);
}

export interface UserDiskConfigStatusSpec__Output {
  'ready': (boolean);
  'torn_down': (boolean);
}
