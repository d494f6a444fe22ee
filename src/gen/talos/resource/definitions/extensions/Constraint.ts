// Original file: proto/resource/definitions/extensions/extensions.proto


export interface Constraint {
  'version'?: (string);
}

export interface Constraint__Output {
  'version': (string);
}
