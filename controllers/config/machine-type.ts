// config.MachineTypeController: MachineTypes.config.talos.dev ("machine-type") from the machine config.
import type { MachineConfig } from '../../src/config';
import {
  MachineTypeDefinition,
  MACHINE_TYPE_ID,
  type MachineTypeName,
} from '../../src/resources/config/machine-type';
import { ConfigDerivedController } from './config-derived';

const OUTPUT = { namespace: 'config', type: MachineTypeDefinition.type, id: MACHINE_TYPE_ID };

export class MachineTypeController extends ConfigDerivedController<MachineTypeName> {
  readonly name = 'config.MachineTypeController';

  constructor() {
    super(OUTPUT);
  }

  // Talos keeps the resource in maintenance mode too, with type "unknown".
  protected derive(config: MachineConfig | undefined): MachineTypeName {
    return config?.machineType() ?? 'unknown';
  }
}
