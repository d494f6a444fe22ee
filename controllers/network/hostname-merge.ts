// network.HostnameMergeController: the per-layer HostnameSpecs in `network-config` merged into the one
// in `network` (id "hostname"): the highest layer with a hostname wins.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { configLayerNumber } from '../../src/resources/network/config-layer';
import {
  HostnameSpecDefinition,
  HOSTNAME_ID,
  NETWORK_CONFIG_NAMESPACE,
  NETWORK_NAMESPACE,
  type HostnameSpecSpec,
} from '../../src/resources/network/hostname-spec';

const LAYERS = { namespace: NETWORK_CONFIG_NAMESPACE, type: HostnameSpecDefinition.type };
const OUTPUT = { namespace: NETWORK_NAMESPACE, type: HostnameSpecDefinition.type, id: HOSTNAME_ID };

/** Talos's merge: walk the layers in ID order, a later spec replaces the pick only from a higher layer. */
export function mergeHostnameSpecs(specs: readonly HostnameSpecSpec[]): HostnameSpecSpec | undefined {
  let final: HostnameSpecSpec | undefined;
  for (const spec of specs) {
    if (final && configLayerNumber(spec.layer) <= configLayerNumber(final.layer)) continue;
    final = spec;
  }
  return final && final.hostname !== '' ? final : undefined;
}

export class HostnameMergeController implements Controller {
  readonly name = 'network.HostnameMergeController';

  inputs() {
    return [{ ...LAYERS, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const layers = await ctx.list<HostnameSpecSpec>(LAYERS);
      const merged = mergeHostnameSpecs(
        layers.filter((r) => r.metadata.phase === 'running').map((r) => r.spec),
      );
      ctx.startTrackingOutputs();
      if (merged) await ctx.modify<HostnameSpecSpec>(OUTPUT, () => ({ ...merged }));
      await ctx.cleanupOutputs();
    }
  }
}
