// machine.Type as cluster resources carry it: `enums.MachineType` in protobuf, its text form in YAML.
import type { MachineTypeName } from '../config/machine-type';

const PROTO: Readonly<Record<MachineTypeName, string>> = {
  unknown: 'TYPE_UNKNOWN',
  init: 'TYPE_INIT',
  controlplane: 'TYPE_CONTROL_PLANE',
  worker: 'TYPE_WORKER',
};

export const machineTypeEnum = (t: MachineTypeName): string => PROTO[t];

/** Affiliates and members of a control plane say where its API server listens. */
export interface ControlPlaneInfo {
  apiServerPort: number;
}
