// network.TimeServerSpecController: the merged TimeServerSpec becomes the TimeServerStatus the time
// sync reads (the sync itself, and TimeStatus, come with the time service).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';
import {
  TimeServerSpecDefinition,
  type TimeServerSpecSpec,
} from '../../src/resources/network/time-server-spec';
import {
  TimeServerStatusDefinition,
  type TimeServerStatusSpec,
} from '../../src/resources/network/time-server-status';

const SPECS = { namespace: NETWORK_NAMESPACE, type: TimeServerSpecDefinition.type };

export class TimeServerSpecController implements Controller {
  readonly name = 'network.TimeServerSpecController';

  inputs() {
    return [{ ...SPECS, kind: 'weak' as const }];
  }

  outputs() {
    return [
      { type: TimeServerStatusDefinition.type, namespace: NETWORK_NAMESPACE, kind: 'exclusive' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const specs = await ctx.list<TimeServerSpecSpec>(SPECS);
      ctx.startTrackingOutputs();
      for (const spec of specs) {
        if (spec.metadata.phase !== 'running') continue;
        const pointer = { ...SPECS, type: TimeServerStatusDefinition.type, id: spec.metadata.id };
        await ctx.modify<TimeServerStatusSpec>(pointer, () => ({ timeServers: [...spec.spec.timeServers] }));
      }
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
