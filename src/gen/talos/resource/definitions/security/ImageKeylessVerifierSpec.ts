// Original file: proto/resource/definitions/security/security.proto


export interface ImageKeylessVerifierSpec {
  'issuer'?: (string);
  'subject'?: (string);
  'subject_regex'?: (string);
}

export interface ImageKeylessVerifierSpec__Output {
  'issuer': (string);
  'subject': (string);
  'subject_regex': (string);
}
