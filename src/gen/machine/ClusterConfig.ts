// Original file: proto/machine/machine.proto

import type { ControlPlaneConfig as _machine_ControlPlaneConfig, ControlPlaneConfig__Output as _machine_ControlPlaneConfig__Output } from '../machine/ControlPlaneConfig';
import type { ClusterNetworkConfig as _machine_ClusterNetworkConfig, ClusterNetworkConfig__Output as _machine_ClusterNetworkConfig__Output } from '../machine/ClusterNetworkConfig';

export interface ClusterConfig {
  'name'?: (string);
  'control_plane'?: (_machine_ControlPlaneConfig | null);
  'cluster_network'?: (_machine_ClusterNetworkConfig | null);
  'allow_scheduling_on_control_planes'?: (boolean);
}

export interface ClusterConfig__Output {
  'name': (string);
  'control_plane': (_machine_ControlPlaneConfig__Output | null);
  'cluster_network': (_machine_ClusterNetworkConfig__Output | null);
  'allow_scheduling_on_control_planes': (boolean);
}
