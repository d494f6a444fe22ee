// Original file: proto/resource/definitions/time/time.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../../../google/protobuf/Duration';
import type { Long } from '@grpc/proto-loader';

export interface AdjtimeStatusSpec {
  'offset'?: (_google_protobuf_Duration | null);
  'frequency_adjustment_ratio'?: (number | string);
  'max_error'?: (_google_protobuf_Duration | null);
  'est_error'?: (_google_protobuf_Duration | null);
  'status'?: (string);
  'constant'?: (number | string | Long);
  'sync_status'?: (boolean);
  'state'?: (string);
}

export interface AdjtimeStatusSpec__Output {
  'offset': (_google_protobuf_Duration__Output | null);
  'frequency_adjustment_ratio': (number);
  'max_error': (_google_protobuf_Duration__Output | null);
  'est_error': (_google_protobuf_Duration__Output | null);
  'status': (string);
  'constant': (string);
  'sync_status': (boolean);
  'state': (string);
}
