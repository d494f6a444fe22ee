// Original file: proto/resource/definitions/runtime/runtime.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../../../google/protobuf/Duration';

export interface WatchdogTimerConfigSpec {
  'device'?: (string);
  'timeout'?: (_google_protobuf_Duration | null);
}

export interface WatchdogTimerConfigSpec__Output {
  'device': (string);
  'timeout': (_google_protobuf_Duration__Output | null);
}
