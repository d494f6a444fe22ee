// Original file: proto/common/common.proto


export interface URL {
  'full_path'?: (string);
}

export interface URL__Output {
  'full_path': (string);
}
