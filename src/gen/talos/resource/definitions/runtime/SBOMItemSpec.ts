// Original file: proto/resource/definitions/runtime/runtime.proto


export interface SBOMItemSpec {
  'name'?: (string);
  'version'?: (string);
  'license'?: (string);
  'cp_es'?: (string)[];
  'pur_ls'?: (string)[];
  'extension'?: (boolean);
}

export interface SBOMItemSpec__Output {
  'name': (string);
  'version': (string);
  'license': (string);
  'cp_es': (string)[];
  'pur_ls': (string)[];
  'extension': (boolean);
}
