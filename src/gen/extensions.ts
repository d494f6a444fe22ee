import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { Compatibility as _talos_resource_definitions_extensions_Compatibility, Compatibility__Output as _talos_resource_definitions_extensions_Compatibility__Output } from './talos/resource/definitions/extensions/Compatibility';
import type { Constraint as _talos_resource_definitions_extensions_Constraint, Constraint__Output as _talos_resource_definitions_extensions_Constraint__Output } from './talos/resource/definitions/extensions/Constraint';
import type { Layer as _talos_resource_definitions_extensions_Layer, Layer__Output as _talos_resource_definitions_extensions_Layer__Output } from './talos/resource/definitions/extensions/Layer';
import type { Metadata as _talos_resource_definitions_extensions_Metadata, Metadata__Output as _talos_resource_definitions_extensions_Metadata__Output } from './talos/resource/definitions/extensions/Metadata';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        extensions: {
          Compatibility: MessageTypeDefinition<_talos_resource_definitions_extensions_Compatibility, _talos_resource_definitions_extensions_Compatibility__Output>
          Constraint: MessageTypeDefinition<_talos_resource_definitions_extensions_Constraint, _talos_resource_definitions_extensions_Constraint__Output>
          Layer: MessageTypeDefinition<_talos_resource_definitions_extensions_Layer, _talos_resource_definitions_extensions_Layer__Output>
          Metadata: MessageTypeDefinition<_talos_resource_definitions_extensions_Metadata, _talos_resource_definitions_extensions_Metadata__Output>
        }
      }
    }
  }
}

