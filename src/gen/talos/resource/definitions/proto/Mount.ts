// Original file: proto/resource/definitions/proto/proto.proto

import type { LinuxIDMapping as _talos_resource_definitions_proto_LinuxIDMapping, LinuxIDMapping__Output as _talos_resource_definitions_proto_LinuxIDMapping__Output } from '../../../../talos/resource/definitions/proto/LinuxIDMapping';

export interface Mount {
  'destination'?: (string);
  'type'?: (string);
  'source'?: (string);
  'options'?: (string)[];
  'uid_mappings'?: (_talos_resource_definitions_proto_LinuxIDMapping)[];
  'gid_mappings'?: (_talos_resource_definitions_proto_LinuxIDMapping)[];
}

export interface Mount__Output {
  'destination': (string);
  'type': (string);
  'source': (string);
  'options': (string)[];
  'uid_mappings': (_talos_resource_definitions_proto_LinuxIDMapping__Output)[];
  'gid_mappings': (_talos_resource_definitions_proto_LinuxIDMapping__Output)[];
}
