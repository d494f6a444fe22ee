import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CPUSpec as _talos_resource_definitions_perf_CPUSpec, CPUSpec__Output as _talos_resource_definitions_perf_CPUSpec__Output } from './talos/resource/definitions/perf/CPUSpec';
import type { CPUStat as _talos_resource_definitions_perf_CPUStat, CPUStat__Output as _talos_resource_definitions_perf_CPUStat__Output } from './talos/resource/definitions/perf/CPUStat';
import type { MemorySpec as _talos_resource_definitions_perf_MemorySpec, MemorySpec__Output as _talos_resource_definitions_perf_MemorySpec__Output } from './talos/resource/definitions/perf/MemorySpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        perf: {
          CPUSpec: MessageTypeDefinition<_talos_resource_definitions_perf_CPUSpec, _talos_resource_definitions_perf_CPUSpec__Output>
          CPUStat: MessageTypeDefinition<_talos_resource_definitions_perf_CPUStat, _talos_resource_definitions_perf_CPUStat__Output>
          MemorySpec: MessageTypeDefinition<_talos_resource_definitions_perf_MemorySpec, _talos_resource_definitions_perf_MemorySpec__Output>
        }
      }
    }
  }
}

