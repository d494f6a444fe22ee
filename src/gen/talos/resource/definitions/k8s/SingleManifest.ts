// Original file: proto/resource/definitions/k8s/k8s.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

export interface SingleManifest {
  'object'?: (_google_protobuf_Struct | null);
}

export interface SingleManifest__Output {
  'object': (_google_protobuf_Struct__Output | null);
}
