// The shape of Talos's merge controllers: the per-layer specs of one type in `network-config` merged
// into one spec of that type in `network` (removed when the merge yields none).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { NETWORK_CONFIG_NAMESPACE, NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';

export abstract class LayerMergeController<Spec> implements Controller {
  abstract readonly name: string;

  constructor(
    private readonly type: string,
    private readonly outputId: string,
  ) {}

  /** The merged spec of the layers (in ID order), or undefined for none. */
  protected abstract merge(layers: readonly Spec[]): Spec | undefined;

  inputs() {
    return [{ namespace: NETWORK_CONFIG_NAMESPACE, type: this.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: this.type, namespace: NETWORK_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const layers = await ctx.list<Spec>({ namespace: NETWORK_CONFIG_NAMESPACE, type: this.type });
      const merged = this.merge(layers.filter((r) => r.metadata.phase === 'running').map((r) => r.spec));
      ctx.startTrackingOutputs();
      if (merged !== undefined)
        await ctx.modify<Spec>(
          { namespace: NETWORK_NAMESPACE, type: this.type, id: this.outputId },
          () => merged,
        );
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
