// Original file: proto/resource/definitions/files/files.proto


export interface EtcFileStatusSpec {
  'spec_version'?: (string);
}

export interface EtcFileStatusSpec__Output {
  'spec_version': (string);
}
