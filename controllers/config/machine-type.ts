// config.MachineTypeController: MachineTypes.config.talos.dev ("machine-type") from the machine config.
// Talos keeps the resource in maintenance mode too, with type "unknown".
import type { Controller, ControllerContext, Input, Output } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import {
  MachineTypeDefinition,
  MACHINE_TYPE_ID,
  type MachineTypeName,
} from '../../src/resources/config/machine-type';

const OUTPUT = { namespace: 'config', type: MachineTypeDefinition.type, id: MACHINE_TYPE_ID };

export class MachineTypeController implements Controller {
  readonly name = 'config.MachineTypeController';

  inputs(): Input[] {
    return [{ ...MACHINE_CONFIG, kind: 'weak' }];
  }

  outputs(): Output[] {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const type: MachineTypeName = (await machineConfigOf(ctx))?.machineType() ?? 'unknown';
      ctx.startTrackingOutputs();
      await ctx.modify<MachineTypeName>(OUTPUT, () => type);
      await ctx.cleanupOutputs();
    }
  }
}
