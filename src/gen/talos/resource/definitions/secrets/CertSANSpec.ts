// Original file: proto/resource/definitions/secrets/secrets.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';

export interface CertSANSpec {
  'i_ps'?: (_common_NetIP)[];
  'dns_names'?: (string)[];
  'fqdn'?: (string);
}

export interface CertSANSpec__Output {
  'i_ps': (_common_NetIP__Output)[];
  'dns_names': (string)[];
  'fqdn': (string);
}
