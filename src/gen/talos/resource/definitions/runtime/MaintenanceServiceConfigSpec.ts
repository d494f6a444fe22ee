// Original file: proto/resource/definitions/runtime/runtime.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';

export interface MaintenanceServiceConfigSpec {
  'listen_address'?: (string);
  'reachable_addresses'?: (_common_NetIP)[];
}

export interface MaintenanceServiceConfigSpec__Output {
  'listen_address': (string);
  'reachable_addresses': (_common_NetIP__Output)[];
}
