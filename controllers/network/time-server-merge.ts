// network.TimeServerMergeController: the per-layer TimeServerSpecs merged into the one in `network`
// (id "timeservers"): a higher layer replaces the list, specs of the same layer add to it.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { configLayerNumber } from '../../src/resources/network/config-layer';
import { NETWORK_CONFIG_NAMESPACE, NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';
import {
  TimeServerSpecDefinition,
  TIME_SERVER_ID,
  type TimeServerSpecSpec,
} from '../../src/resources/network/time-server-spec';

const LAYERS = { namespace: NETWORK_CONFIG_NAMESPACE, type: TimeServerSpecDefinition.type };
const OUTPUT = { namespace: NETWORK_NAMESPACE, type: TimeServerSpecDefinition.type, id: TIME_SERVER_ID };

/** Merges specs in ID order; undefined when there are none. */
export function mergeTimeServerSpecs(specs: readonly TimeServerSpecSpec[]): TimeServerSpecSpec | undefined {
  let final: TimeServerSpecSpec | undefined;
  for (const spec of specs) {
    const rank = configLayerNumber(spec.layer);
    if (final && rank < configLayerNumber(final.layer)) continue;
    final =
      final && rank === configLayerNumber(final.layer)
        ? { ...final, timeServers: [...final.timeServers, ...spec.timeServers] }
        : { ...spec, timeServers: [...spec.timeServers] };
  }
  return final;
}

export class TimeServerMergeController implements Controller {
  readonly name = 'network.TimeServerMergeController';

  inputs() {
    return [{ ...LAYERS, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const layers = await ctx.list<TimeServerSpecSpec>(LAYERS);
      const merged = mergeTimeServerSpecs(
        layers.filter((r) => r.metadata.phase === 'running').map((r) => r.spec),
      );
      ctx.startTrackingOutputs();
      if (merged) await ctx.modify<TimeServerSpecSpec>(OUTPUT, () => merged);
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
