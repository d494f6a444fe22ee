// Original file: proto/resource/definitions/kubespan/kubespan.proto

import type { NetIPPort as _common_NetIPPort, NetIPPort__Output as _common_NetIPPort__Output } from '../../../../common/NetIPPort';
import type { NetIPPrefix as _common_NetIPPrefix, NetIPPrefix__Output as _common_NetIPPrefix__Output } from '../../../../common/NetIPPrefix';

export interface ConfigSpec {
  'enabled'?: (boolean);
  'cluster_id'?: (string);
  'shared_secret'?: (string);
  'force_routing'?: (boolean);
  'advertise_kubernetes_networks'?: (boolean);
  'mtu'?: (number);
  'endpoint_filters'?: (string)[];
  'harvest_extra_endpoints'?: (boolean);
  'extra_endpoints'?: (_common_NetIPPort)[];
  'exclude_advertised_networks'?: (_common_NetIPPrefix)[];
}

export interface ConfigSpec__Output {
  'enabled': (boolean);
  'cluster_id': (string);
  'shared_secret': (string);
  'force_routing': (boolean);
  'advertise_kubernetes_networks': (boolean);
  'mtu': (number);
  'endpoint_filters': (string)[];
  'harvest_extra_endpoints': (boolean);
  'extra_endpoints': (_common_NetIPPort__Output)[];
  'exclude_advertised_networks': (_common_NetIPPrefix__Output)[];
}
