// network.RouteStatusController: the kernel's routes, every table, as RouteStatuses (ids as Talos's
// RouteID), re-read whenever the kernel reports a change. It only observes, on every platform.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import { routeID } from '../../src/resources/network/route-spec';
import { RouteStatusDefinition, type RouteStatusSpec } from '../../src/resources/network/route-status';

export class RouteStatusController implements Controller {
  readonly name = 'network.RouteStatusController';

  constructor(private readonly kernel: NetworkKernel) {}

  inputs() {
    return [];
  }

  outputs() {
    return [{ type: RouteStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    this.kernel.watch(() => ctx.queueReconcile(), signal);
    while (await ctx.nextEvent(signal)) {
      const routes = await this.kernel.routes(await this.kernel.links(signal), signal);
      ctx.startTrackingOutputs();
      for (const r of routes) {
        const pointer = { namespace: 'network', type: RouteStatusDefinition.type, id: routeID(r) };
        await ctx.modify<RouteStatusSpec>(pointer, () => r);
      }
      await ctx.cleanupOutputs();
    }
  }
}
