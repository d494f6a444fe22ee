// Original file: proto/resource/definitions/runtime/runtime.proto

import type { URL as _common_URL, URL__Output as _common_URL__Output } from '../../../../common/URL';

export interface KmsgLogConfigSpec {
  'destinations'?: (_common_URL)[];
}

export interface KmsgLogConfigSpec__Output {
  'destinations': (_common_URL__Output)[];
}
