// The shape of Talos's network merge controllers: the per-layer specs of one type in `network-config`
// grouped by id (the part after `<layer>/`) and merged, lowest layer first, into one spec per id in
// `network`. A spec still held by a spec controller's finalizer is left to finish tearing down first.
import type { Controller, ControllerContext } from '../../controller-runtime';
import {
  CONFIG_LAYERS,
  NETWORK_CONFIG_NAMESPACE,
  NETWORK_NAMESPACE,
  type ConfigLayer,
} from '../../resources/network/config-layer';

export abstract class LayeredMergeController<Spec extends { layer: ConfigLayer }> implements Controller {
  abstract readonly name: string;

  constructor(private readonly type: string) {}

  /** The spec of one id from its layers (lowest first); the highest layer wins unless overridden. */
  protected merge(layers: readonly Spec[]): Spec | undefined {
    return layers.at(-1);
  }

  inputs() {
    return [{ namespace: NETWORK_CONFIG_NAMESPACE, type: this.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: this.type, namespace: NETWORK_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const layered = await ctx.list<Spec>({ namespace: NETWORK_CONFIG_NAMESPACE, type: this.type });
      const current = await ctx.list<Spec>({ namespace: NETWORK_NAMESPACE, type: this.type });
      const tearingDown = new Set(
        current.filter((r) => r.metadata.phase !== 'running').map((r) => r.metadata.id),
      );
      const groups = new Map<string, Spec[]>();
      for (const r of layered) {
        if (r.metadata.phase !== 'running') continue;
        const id = r.metadata.id.slice(r.metadata.id.indexOf('/') + 1);
        groups.set(id, [...(groups.get(id) ?? []), r.spec]);
      }
      ctx.startTrackingOutputs();
      for (const [id, specs] of groups) {
        if (tearingDown.has(id)) continue; // re-created once its teardown is over (that wakes us)
        specs.sort((a, b) => CONFIG_LAYERS.indexOf(a.layer) - CONFIG_LAYERS.indexOf(b.layer));
        const merged = this.merge(specs);
        if (merged !== undefined)
          await ctx.modify<Spec>({ namespace: NETWORK_NAMESPACE, type: this.type, id }, () => merged);
      }
      await ctx.cleanupOutputs();
    }
  }
}
