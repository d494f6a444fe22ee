// Original file: proto/resource/definitions/files/files.proto


export interface EtcFileSpecSpec {
  'contents'?: (Buffer | Uint8Array | string);
  'mode'?: (number);
  'selinux_label'?: (string);
}

export interface EtcFileSpecSpec__Output {
  'contents': (Buffer);
  'mode': (number);
  'selinux_label': (string);
}
