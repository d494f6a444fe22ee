import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { DeviceConfigSpecSpec as _resource_network_DeviceConfigSpecSpec, DeviceConfigSpecSpec__Output as _resource_network_DeviceConfigSpecSpec__Output } from './resource/network/DeviceConfigSpecSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  resource: {
    network: {
      DeviceConfigSpecSpec: MessageTypeDefinition<_resource_network_DeviceConfigSpecSpec, _resource_network_DeviceConfigSpecSpec__Output>
    }
  }
}

