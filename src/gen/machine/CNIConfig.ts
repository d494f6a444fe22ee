// Original file: proto/machine/machine.proto


export interface CNIConfig {
  'name'?: (string);
  'urls'?: (string)[];
}

export interface CNIConfig__Output {
  'name': (string);
  'urls': (string)[];
}
