// runtime.MachineStatusPublisherController: every change of MachineStatuses becomes a
// machine.MachineStatusEvent on the runtime event stream (what `talosctl events` and
// `talosctl health` watch).
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import type { EventPublisher } from '../../src/events/event-stream';
import {
  MACHINE_STATUS,
  MACHINE_STAGES,
  type MachineStatusSpec,
} from '../../src/resources/runtime/machine-status';

export class MachineStatusPublisherController implements Controller {
  readonly name = 'runtime.MachineStatusPublisherController';

  constructor(private readonly opts: { readonly publish: EventPublisher }) {}

  inputs() {
    return [{ ...MACHINE_STATUS, kind: 'weak' as const }];
  }

  outputs() {
    return [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    let last = '';
    while (await ctx.nextEvent(signal)) {
      const status = await getOptional<MachineStatusSpec>(ctx, MACHINE_STATUS);
      if (!status) continue;
      const key = JSON.stringify(status.spec);
      if (key === last) continue;
      last = key;
      this.opts.publish('machine.MachineStatusEvent', {
        // MachineStatusEvent.MachineStage has the resource's stages in the same order
        stage: Math.max(0, MACHINE_STAGES.indexOf(status.spec.stage)),
        status: {
          ready: status.spec.status.ready,
          unmet_conditions: status.spec.status.unmetConditions.map((c) => ({
            name: c.name,
            reason: c.reason,
          })),
        },
      });
    }
  }
}
