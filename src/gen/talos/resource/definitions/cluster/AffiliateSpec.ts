// Original file: proto/resource/definitions/cluster/cluster.proto

import type { NetIP as _common_NetIP, NetIP__Output as _common_NetIP__Output } from '../../../../common/NetIP';
import type { MachineType as _talos_resource_definitions_enums_MachineType, MachineType__Output as _talos_resource_definitions_enums_MachineType__Output } from '../../../../talos/resource/definitions/enums/MachineType';
import type { KubeSpanAffiliateSpec as _talos_resource_definitions_cluster_KubeSpanAffiliateSpec, KubeSpanAffiliateSpec__Output as _talos_resource_definitions_cluster_KubeSpanAffiliateSpec__Output } from '../../../../talos/resource/definitions/cluster/KubeSpanAffiliateSpec';
import type { ControlPlane as _talos_resource_definitions_cluster_ControlPlane, ControlPlane__Output as _talos_resource_definitions_cluster_ControlPlane__Output } from '../../../../talos/resource/definitions/cluster/ControlPlane';

export interface AffiliateSpec {
  'node_id'?: (string);
  'addresses'?: (_common_NetIP)[];
  'hostname'?: (string);
  'nodename'?: (string);
  'operating_system'?: (string);
  'machine_type'?: (_talos_resource_definitions_enums_MachineType);
  'kube_span'?: (_talos_resource_definitions_cluster_KubeSpanAffiliateSpec | null);
  'control_plane'?: (_talos_resource_definitions_cluster_ControlPlane | null);
}

export interface AffiliateSpec__Output {
  'node_id': (string);
  'addresses': (_common_NetIP__Output)[];
  'hostname': (string);
  'nodename': (string);
  'operating_system': (string);
  'machine_type': (_talos_resource_definitions_enums_MachineType__Output);
  'kube_span': (_talos_resource_definitions_cluster_KubeSpanAffiliateSpec__Output | null);
  'control_plane': (_talos_resource_definitions_cluster_ControlPlane__Output | null);
}
