// Original file: proto/resource/definitions/cri/cri.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

export interface SeccompProfileSpec {
  'name'?: (string);
  'value'?: (_google_protobuf_Struct | null);
}

export interface SeccompProfileSpec__Output {
  'name': (string);
  'value': (_google_protobuf_Struct__Output | null);
}
