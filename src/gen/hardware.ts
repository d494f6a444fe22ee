import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { MemoryModuleSpec as _talos_resource_definitions_hardware_MemoryModuleSpec, MemoryModuleSpec__Output as _talos_resource_definitions_hardware_MemoryModuleSpec__Output } from './talos/resource/definitions/hardware/MemoryModuleSpec';
import type { PCIDeviceSpec as _talos_resource_definitions_hardware_PCIDeviceSpec, PCIDeviceSpec__Output as _talos_resource_definitions_hardware_PCIDeviceSpec__Output } from './talos/resource/definitions/hardware/PCIDeviceSpec';
import type { PCIDriverRebindConfigSpec as _talos_resource_definitions_hardware_PCIDriverRebindConfigSpec, PCIDriverRebindConfigSpec__Output as _talos_resource_definitions_hardware_PCIDriverRebindConfigSpec__Output } from './talos/resource/definitions/hardware/PCIDriverRebindConfigSpec';
import type { PCIDriverRebindStatusSpec as _talos_resource_definitions_hardware_PCIDriverRebindStatusSpec, PCIDriverRebindStatusSpec__Output as _talos_resource_definitions_hardware_PCIDriverRebindStatusSpec__Output } from './talos/resource/definitions/hardware/PCIDriverRebindStatusSpec';
import type { ProcessorSpec as _talos_resource_definitions_hardware_ProcessorSpec, ProcessorSpec__Output as _talos_resource_definitions_hardware_ProcessorSpec__Output } from './talos/resource/definitions/hardware/ProcessorSpec';
import type { SystemInformationSpec as _talos_resource_definitions_hardware_SystemInformationSpec, SystemInformationSpec__Output as _talos_resource_definitions_hardware_SystemInformationSpec__Output } from './talos/resource/definitions/hardware/SystemInformationSpec';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  talos: {
    resource: {
      definitions: {
        hardware: {
          MemoryModuleSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_MemoryModuleSpec, _talos_resource_definitions_hardware_MemoryModuleSpec__Output>
          PCIDeviceSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_PCIDeviceSpec, _talos_resource_definitions_hardware_PCIDeviceSpec__Output>
          PCIDriverRebindConfigSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_PCIDriverRebindConfigSpec, _talos_resource_definitions_hardware_PCIDriverRebindConfigSpec__Output>
          PCIDriverRebindStatusSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_PCIDriverRebindStatusSpec, _talos_resource_definitions_hardware_PCIDriverRebindStatusSpec__Output>
          ProcessorSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_ProcessorSpec, _talos_resource_definitions_hardware_ProcessorSpec__Output>
          SystemInformationSpec: MessageTypeDefinition<_talos_resource_definitions_hardware_SystemInformationSpec, _talos_resource_definitions_hardware_SystemInformationSpec__Output>
        }
      }
    }
  }
}

