// Original file: proto/resource/definitions/security/security.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../../google/protobuf/Timestamp';

export interface TUFTrustedRootSpec {
  'last_refresh_time'?: (_google_protobuf_Timestamp | null);
  'json_data'?: (string);
}

export interface TUFTrustedRootSpec__Output {
  'last_refresh_time': (_google_protobuf_Timestamp__Output | null);
  'json_data': (string);
}
