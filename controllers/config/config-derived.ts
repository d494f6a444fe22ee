// The shape shared by controllers that derive one resource from the machine config alone: read the
// config (absent in maintenance), compute the spec, write it, and remove it when there is none.
import {
  getOptional,
  type Controller,
  type ControllerContext,
  type Input,
  type Output,
} from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import {
  MachineConfigDefinition,
  MACHINE_CONFIG_ID,
  type MachineConfigSpec,
} from '../../src/resources/config/machine-config';
import type { ResourcePointer } from '../../src/state';

export const MACHINE_CONFIG: ResourcePointer = {
  namespace: 'config',
  type: MachineConfigDefinition.type,
  id: MACHINE_CONFIG_ID,
};

/** The active machine config, or undefined while there is none. */
export async function machineConfigOf(ctx: ControllerContext): Promise<MachineConfig | undefined> {
  return (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config;
}

export abstract class ConfigDerivedController<Spec> implements Controller {
  abstract readonly name: string;

  constructor(private readonly output: ResourcePointer) {}

  /** The output's spec for this config, or undefined when the node should have none. Throw to retry. */
  protected abstract derive(config: MachineConfig | undefined): Spec | undefined;

  inputs(): Input[] {
    return [{ ...MACHINE_CONFIG, kind: 'weak' }];
  }

  outputs(): Output[] {
    return [{ type: this.output.type, namespace: this.output.namespace, kind: 'exclusive' }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const spec = this.derive(await machineConfigOf(ctx));
      ctx.startTrackingOutputs();
      if (spec !== undefined) await ctx.modify<Spec>(this.output, () => spec);
      await ctx.cleanupOutputs();
    }
  }
}
