// Original file: proto/resource/definitions/network/network.proto

import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from '../../../../google/protobuf/Duration';

export interface TCPProbeSpec {
  'endpoint'?: (string);
  'timeout'?: (_google_protobuf_Duration | null);
}

export interface TCPProbeSpec__Output {
  'endpoint': (string);
  'timeout': (_google_protobuf_Duration__Output | null);
}
