// config.MachineTypeController: MachineTypes.config.talos.dev ("machine-type") from the machine config.
// Talos keeps the resource in maintenance mode too, with type "unknown".
import type { Controller, ControllerContext, Input, Output } from '../../src/controller-runtime';
import { outputOf } from '../../src/controller-runtime';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';

export class MachineTypeController implements Controller {
  readonly name = 'config.MachineTypeController';

  inputs(): Input[] {
    return [{ ...MACHINE_CONFIG, kind: 'weak' }];
  }

  outputs(): Output[] {
    return [outputOf(MACHINE_TYPE)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const type: MachineTypeName = (await machineConfigOf(ctx))?.machineType() ?? 'unknown';
      ctx.startTrackingOutputs();
      await ctx.modify<MachineTypeName>(MACHINE_TYPE, () => type);
      await ctx.cleanupOutputs();
    }
  }
}
