// Original file: proto/resource/definitions/k8s/k8s.proto

import type { ExtraVolume as _talos_resource_definitions_k8s_ExtraVolume, ExtraVolume__Output as _talos_resource_definitions_k8s_ExtraVolume__Output } from '../../../../talos/resource/definitions/k8s/ExtraVolume';
import type { Resources as _talos_resource_definitions_k8s_Resources, Resources__Output as _talos_resource_definitions_k8s_Resources__Output } from '../../../../talos/resource/definitions/k8s/Resources';
import type { ArgValues as _talos_resource_definitions_k8s_ArgValues, ArgValues__Output as _talos_resource_definitions_k8s_ArgValues__Output } from '../../../../talos/resource/definitions/k8s/ArgValues';
import type { Long } from '@grpc/proto-loader';

export interface APIServerConfigSpec {
  'image'?: (string);
  'cloud_provider'?: (string);
  'control_plane_endpoint'?: (string);
  'etcd_servers'?: (string)[];
  'local_port'?: (number | string | Long);
  'service_cid_rs'?: (string)[];
  'extra_volumes'?: (_talos_resource_definitions_k8s_ExtraVolume)[];
  'environment_variables'?: ({[key: string]: string});
  'advertised_address'?: (string);
  'resources'?: (_talos_resource_definitions_k8s_Resources | null);
  'extra_args'?: ({[key: string]: _talos_resource_definitions_k8s_ArgValues});
}

export interface APIServerConfigSpec__Output {
  'image': (string);
  'cloud_provider': (string);
  'control_plane_endpoint': (string);
  'etcd_servers': (string)[];
  'local_port': (string);
  'service_cid_rs': (string)[];
  'extra_volumes': (_talos_resource_definitions_k8s_ExtraVolume__Output)[];
  'environment_variables': ({[key: string]: string});
  'advertised_address': (string);
  'resources': (_talos_resource_definitions_k8s_Resources__Output | null);
  'extra_args': ({[key: string]: _talos_resource_definitions_k8s_ArgValues__Output});
}
