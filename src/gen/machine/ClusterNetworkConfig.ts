// Original file: proto/machine/machine.proto

import type { CNIConfig as _machine_CNIConfig, CNIConfig__Output as _machine_CNIConfig__Output } from '../machine/CNIConfig';

export interface ClusterNetworkConfig {
  'dns_domain'?: (string);
  'cni_config'?: (_machine_CNIConfig | null);
}

export interface ClusterNetworkConfig__Output {
  'dns_domain': (string);
  'cni_config': (_machine_CNIConfig__Output | null);
}
