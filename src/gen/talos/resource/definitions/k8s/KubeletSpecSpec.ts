// Original file: proto/resource/definitions/k8s/k8s.proto

import type { Mount as _talos_resource_definitions_proto_Mount, Mount__Output as _talos_resource_definitions_proto_Mount__Output } from '../../../../talos/resource/definitions/proto/Mount';
import type { Struct as _google_protobuf_Struct, Struct__Output as _google_protobuf_Struct__Output } from '../../../../google/protobuf/Struct';

export interface KubeletSpecSpec {
  'image'?: (string);
  'args'?: (string)[];
  'extra_mounts'?: (_talos_resource_definitions_proto_Mount)[];
  'expected_nodename'?: (string);
  'config'?: (_google_protobuf_Struct | null);
  'credential_provider_config'?: (_google_protobuf_Struct | null);
}

export interface KubeletSpecSpec__Output {
  'image': (string);
  'args': (string)[];
  'extra_mounts': (_talos_resource_definitions_proto_Mount__Output)[];
  'expected_nodename': (string);
  'config': (_google_protobuf_Struct__Output | null);
  'credential_provider_config': (_google_protobuf_Struct__Output | null);
}
