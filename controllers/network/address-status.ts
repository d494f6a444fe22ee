// network.AddressStatusController: the kernel's addresses as AddressStatuses (ids `<link>/<address>`),
// re-read whenever the kernel reports a change. It only observes, on every platform.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { NetworkKernel } from '../../src/network/kernel/kernel';
import { addressID } from '../../src/resources/network/address-spec';
import { AddressStatusDefinition, type AddressStatusSpec } from '../../src/resources/network/address-status';

export class AddressStatusController implements Controller {
  readonly name = 'network.AddressStatusController';

  constructor(private readonly kernel: NetworkKernel) {}

  inputs() {
    return [];
  }

  outputs() {
    return [{ type: AddressStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    this.kernel.watch(() => ctx.queueReconcile(), signal);
    while (await ctx.nextEvent(signal)) {
      const addresses = await this.kernel.addresses(signal);
      ctx.startTrackingOutputs();
      for (const a of addresses) {
        const pointer = {
          namespace: 'network',
          type: AddressStatusDefinition.type,
          id: addressID(a.linkName, a.address),
        };
        await ctx.modify<AddressStatusSpec>(pointer, () => a);
      }
      await ctx.cleanupOutputs();
    }
  }
}
