// Original file: proto/resource/definitions/k8s/k8s.proto

import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

export interface AuditPolicyConfigSpec {
  'config'?: (_google_protobuf_Struct | null);
}

export interface AuditPolicyConfigSpec__Output {
  'config': (_google_protobuf_Struct__Output | null);
}
