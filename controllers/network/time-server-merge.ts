// network.TimeServerMergeController: the per-layer TimeServerSpecs merged into the one in `network`
// (id "timeservers"): a higher layer replaces the list, specs of the same layer add to it.
import { MergeController } from '../../src/controller-runtime';
import { configLayerNumber, layerMerge } from '../../src/resources/network/config-layer';
import {
  TimeServerSpecDefinition,
  TIME_SERVER_ID,
  type TimeServerSpecSpec,
} from '../../src/resources/network/time-server-spec';

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

export class TimeServerMergeController extends MergeController<TimeServerSpecSpec> {
  constructor() {
    super(
      layerMerge(
        'network.TimeServerMergeController',
        TimeServerSpecDefinition.type,
        TIME_SERVER_ID,
        mergeTimeServerSpecs,
      ),
    );
  }
}
