// network.RoutingRuleStatusController: the kernel's policy routing rules, both families, as
// RoutingRuleStatuses (ids as Talos's RoutingRuleID), re-read on every kernel change. It only observes.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import { routingRuleID } from '../../src/resources/network/routing-rule-spec';
import {
  RoutingRuleStatusDefinition,
  type RoutingRuleStatusSpec,
} from '../../src/resources/network/routing-rule-status';

export class RoutingRuleStatusController implements Controller {
  readonly name = 'network.RoutingRuleStatusController';

  constructor(private readonly kernel: NetworkKernel) {}

  inputs() {
    return [];
  }

  outputs() {
    return [{ type: RoutingRuleStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    this.kernel.watch(() => ctx.queueReconcile(), signal);
    while (await ctx.nextEvent(signal)) {
      const rules = await this.kernel.rules(signal);
      ctx.startTrackingOutputs();
      for (const { protocol: _protocol, ...rule } of rules) {
        const pointer = {
          namespace: 'network',
          type: RoutingRuleStatusDefinition.type,
          id: routingRuleID(rule),
        };
        await ctx.modify<RoutingRuleStatusSpec>(pointer, () => rule);
      }
      await ctx.cleanupOutputs();
    }
  }
}
