// MachineTypes.config.talos.dev: the machine's role (id "machine-type").
import { defineResource, pointerTo } from '../definition';

export const MACHINE_TYPE_ID = 'machine-type';

export type MachineTypeName = 'unknown' | 'init' | 'controlplane' | 'worker';
const PROTO: Readonly<Record<MachineTypeName, string>> = {
  unknown: 'UNKNOWN',
  init: 'INIT',
  controlplane: 'CONTROL_PLANE',
  worker: 'WORKER',
};

export const MachineTypeDefinition = defineResource<MachineTypeName>({
  type: 'MachineTypes.config.talos.dev',
  defaultNamespace: 'config',
  printColumns: [{ name: 'Type', jsonPath: '{@}' }],
  protoSpec: 'resource.config.MachineTypeSpec',
  toProto: (s) => ({ machine_type: PROTO[s] }),
});

export const MACHINE_TYPE = pointerTo(MachineTypeDefinition, MACHINE_TYPE_ID);
