// Original file: proto/resource/definitions/network/network.proto

import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';
import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';

export interface HostDNSConfigSpec {
  'enabled'?: (boolean);
  'listen_addresses'?: (_common_NetIPPort)[];
  'service_host_dns_address'?: (_common_NetIP | null);
  'resolve_member_names'?: (boolean);
}

export interface HostDNSConfigSpec__Output {
  'enabled': (boolean);
  'listen_addresses': (_common_NetIPPort__Output)[];
  'service_host_dns_address': (_common_NetIP__Output | null);
  'resolve_member_names': (boolean);
}
