// network.LinkStatusController: the kernel's links as LinkStatuses (ids: link names), re-read whenever
// the kernel reports a change. It only observes, on every platform.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import { LinkStatusDefinition, type LinkStatusSpec } from '../../src/resources/network/link-status';

export class LinkStatusController implements Controller {
  readonly name = 'network.LinkStatusController';

  constructor(private readonly kernel: NetworkKernel) {}

  inputs() {
    return [];
  }

  outputs() {
    return [{ type: LinkStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    this.kernel.watch(() => ctx.queueReconcile(), signal);
    while (await ctx.nextEvent(signal)) {
      const links = await this.kernel.links(signal);
      ctx.startTrackingOutputs();
      for (const { name, ...status } of links) {
        const pointer = { namespace: 'network', type: LinkStatusDefinition.type, id: name };
        await ctx.modify<LinkStatusSpec>(pointer, () => status);
      }
      await ctx.cleanupOutputs();
    }
  }
}
