import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { EtcFileSpecSpec as _talos_resource_definitions_files_EtcFileSpecSpec, EtcFileSpecSpec__Output as _talos_resource_definitions_files_EtcFileSpecSpec__Output } from './talos/resource/definitions/files/EtcFileSpecSpec';
import type { EtcFileStatusSpec as _talos_resource_definitions_files_EtcFileStatusSpec, EtcFileStatusSpec__Output as _talos_resource_definitions_files_EtcFileStatusSpec__Output } from './talos/resource/definitions/files/EtcFileStatusSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        files: {
          EtcFileSpecSpec: MessageTypeDefinition<_talos_resource_definitions_files_EtcFileSpecSpec, _talos_resource_definitions_files_EtcFileSpecSpec__Output>
          EtcFileStatusSpec: MessageTypeDefinition<_talos_resource_definitions_files_EtcFileStatusSpec, _talos_resource_definitions_files_EtcFileStatusSpec__Output>
        }
      }
    }
  }
}

