import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConfigSpec as _talos_resource_definitions_kubeaccess_ConfigSpec, ConfigSpec__Output as _talos_resource_definitions_kubeaccess_ConfigSpec__Output } from './talos/resource/definitions/kubeaccess/ConfigSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        kubeaccess: {
          ConfigSpec: MessageTypeDefinition<_talos_resource_definitions_kubeaccess_ConfigSpec, _talos_resource_definitions_kubeaccess_ConfigSpec__Output>
        }
      }
    }
  }
}

