// Original file: proto/resource/definitions/secrets/secrets.proto


export interface EncryptionSaltSpec {
  'disk_salt'?: (Buffer | Uint8Array | string);
}

export interface EncryptionSaltSpec__Output {
  'disk_salt': (Buffer);
}
