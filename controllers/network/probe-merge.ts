// network.ProbeMergeController: the per-layer ProbeSpecs in `network-config` merged into `network`, one
// per probe (id `tcp:<endpoint>`): the spec of the highest layer wins.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { configLayerNumber } from '../../src/resources/network/config-layer';
import { NETWORK_CONFIG_NAMESPACE, NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';
import { ProbeSpecDefinition, probeID, type ProbeSpecSpec } from '../../src/resources/network/probe-spec';

/** The winning spec of each probe, by probe ID. */
export function mergeProbeSpecs(specs: readonly ProbeSpecSpec[]): Map<string, ProbeSpecSpec> {
  const merged = new Map<string, ProbeSpecSpec>();
  for (const spec of specs) {
    const id = probeID(spec);
    const had = merged.get(id);
    if (!had || configLayerNumber(spec.layer) >= configLayerNumber(had.layer)) merged.set(id, spec);
  }
  return merged;
}

export class ProbeMergeController implements Controller {
  readonly name = 'network.ProbeMergeController';

  inputs() {
    return [{ namespace: NETWORK_CONFIG_NAMESPACE, type: ProbeSpecDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: ProbeSpecDefinition.type, namespace: NETWORK_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const layers = await ctx.list<ProbeSpecSpec>({
        namespace: NETWORK_CONFIG_NAMESPACE,
        type: ProbeSpecDefinition.type,
      });
      const merged = mergeProbeSpecs(layers.filter((r) => r.metadata.phase === 'running').map((r) => r.spec));
      ctx.startTrackingOutputs();
      for (const [id, spec] of merged)
        await ctx.modify<ProbeSpecSpec>(
          { namespace: NETWORK_NAMESPACE, type: ProbeSpecDefinition.type, id },
          () => spec,
        );
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
