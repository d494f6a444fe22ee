// config.MachineTypeController: MachineTypes.config.talos.dev ("machine-type") from the machine config.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import {
  MachineConfigDefinition,
  MACHINE_CONFIG_ID,
  type MachineConfigSpec,
} from '../../src/resources/config/machine-config';
import {
  MachineTypeDefinition,
  MACHINE_TYPE_ID,
  type MachineTypeName,
} from '../../src/resources/config/machine-type';
import { isNotFoundError } from '../../src/state';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID };
const OUTPUT = { namespace: 'config', type: MachineTypeDefinition.type, id: MACHINE_TYPE_ID };

export class MachineTypeController implements Controller {
  readonly name = 'config.MachineTypeController';

  inputs() {
    return [{ ...CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      let type: MachineTypeName = 'unknown';
      try {
        type = (await ctx.get<MachineConfigSpec>(CONFIG)).spec.config.machineType() ?? 'unknown';
      } catch (e: unknown) {
        if (!isNotFoundError(e)) throw e;
      }
      // Talos keeps the resource in maintenance mode too, with type "unknown".
      await ctx.modify<MachineTypeName>(OUTPUT, () => type);
      ctx.resetBackoff();
    }
  }
}
