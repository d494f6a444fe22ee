// Original file: proto/resource/definitions/security/security.proto


export interface ImagePublicKeyVerifierSpec {
  'certificate'?: (string);
}

export interface ImagePublicKeyVerifierSpec__Output {
  'certificate': (string);
}
