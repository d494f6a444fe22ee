// Original file: proto/resource/definitions/k8s/k8s.proto

import type { Mount as _talos_resource_definitions_proto_Mount, Mount__Output as _talos_resource_definitions_proto_Mount__Output } from '../../../../talos/resource/definitions/proto/Mount';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';
import type { ArgValues as _talos_resource_definitions_k8s_ArgValues, ArgValues__Output as _talos_resource_definitions_k8s_ArgValues__Output } from '../../../../talos/resource/definitions/k8s/ArgValues';

export interface KubeletConfigSpec {
  'image'?: (string);
  'cluster_dns'?: (string)[];
  'cluster_domain'?: (string);
  'extra_mounts'?: (_talos_resource_definitions_proto_Mount)[];
  'extra_config'?: (_google_protobuf_Struct | null);
  'cloud_provider_external'?: (boolean);
  'default_runtime_seccomp_enabled'?: (boolean);
  'skip_node_registration'?: (boolean);
  'static_pod_list_url'?: (string);
  'disable_manifests_directory'?: (boolean);
  'enable_fs_quota_monitoring'?: (boolean);
  'credential_provider_config'?: (_google_protobuf_Struct | null);
  'allow_scheduling_on_control_plane'?: (boolean);
  'extra_args'?: ({[key: string]: _talos_resource_definitions_k8s_ArgValues});
}

export interface KubeletConfigSpec__Output {
  'image': (string);
  'cluster_dns': (string)[];
  'cluster_domain': (string);
  'extra_mounts': (_talos_resource_definitions_proto_Mount__Output)[];
  'extra_config': (_google_protobuf_Struct__Output | null);
  'cloud_provider_external': (boolean);
  'default_runtime_seccomp_enabled': (boolean);
  'skip_node_registration': (boolean);
  'static_pod_list_url': (string);
  'disable_manifests_directory': (boolean);
  'enable_fs_quota_monitoring': (boolean);
  'credential_provider_config': (_google_protobuf_Struct__Output | null);
  'allow_scheduling_on_control_plane': (boolean);
  'extra_args': ({[key: string]: _talos_resource_definitions_k8s_ArgValues__Output});
}
