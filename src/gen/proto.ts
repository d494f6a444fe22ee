import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LinuxIDMapping as _talos_resource_definitions_proto_LinuxIDMapping, LinuxIDMapping__Output as _talos_resource_definitions_proto_LinuxIDMapping__Output } from './talos/resource/definitions/proto/LinuxIDMapping';
import type { Mount as _talos_resource_definitions_proto_Mount, Mount__Output as _talos_resource_definitions_proto_Mount__Output } from './talos/resource/definitions/proto/Mount';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        proto: {
          LinuxIDMapping: MessageTypeDefinition<_talos_resource_definitions_proto_LinuxIDMapping, _talos_resource_definitions_proto_LinuxIDMapping__Output>
          Mount: MessageTypeDefinition<_talos_resource_definitions_proto_Mount, _talos_resource_definitions_proto_Mount__Output>
        }
      }
    }
  }
}

