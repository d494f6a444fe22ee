// Original file: proto/resource/definitions/network/network.proto


export interface StatusSpec {
  'address_ready'?: (boolean);
  'connectivity_ready'?: (boolean);
  'hostname_ready'?: (boolean);
  'etc_files_ready'?: (boolean);
}

export interface StatusSpec__Output {
  'address_ready': (boolean);
  'connectivity_ready': (boolean);
  'hostname_ready': (boolean);
  'etc_files_ready': (boolean);
}
