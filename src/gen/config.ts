import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { MachineConfigSpec as _resource_config_MachineConfigSpec, MachineConfigSpec__Output as _resource_config_MachineConfigSpec__Output } from './resource/config/MachineConfigSpec';
import type { MachineTypeSpec as _resource_config_MachineTypeSpec, MachineTypeSpec__Output as _resource_config_MachineTypeSpec__Output } from './resource/config/MachineTypeSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  resource: {
    config: {
      MachineConfigSpec: MessageTypeDefinition<_resource_config_MachineConfigSpec, _resource_config_MachineConfigSpec__Output>
      MachineType: EnumTypeDefinition
      MachineTypeSpec: MessageTypeDefinition<_resource_config_MachineTypeSpec, _resource_config_MachineTypeSpec__Output>
    }
  }
}

