// network.HostnameMergeController: the per-layer HostnameSpecs in `network-config` merged into the one
// in `network` (id "hostname"): the highest layer with a hostname wins.
import { MergeController } from '../../src/controller-runtime';
import { configLayerNumber, layerMerge } from '../../src/resources/network/config-layer';
import {
  HostnameSpecDefinition,
  HOSTNAME_ID,
  type HostnameSpecSpec,
} from '../../src/resources/network/hostname-spec';

/** Talos's merge: walk the layers in ID order, a later spec replaces the pick only from a higher layer. */
export function mergeHostnameSpecs(specs: readonly HostnameSpecSpec[]): HostnameSpecSpec | undefined {
  let final: HostnameSpecSpec | undefined;
  for (const spec of specs) {
    if (final && configLayerNumber(spec.layer) <= configLayerNumber(final.layer)) continue;
    final = spec;
  }
  return final && final.hostname !== '' ? final : undefined;
}

export class HostnameMergeController extends MergeController<HostnameSpecSpec> {
  constructor() {
    super(
      layerMerge<HostnameSpecSpec>(
        'network.HostnameMergeController',
        HostnameSpecDefinition.type,
        HOSTNAME_ID,
        (layers) => {
          const merged = mergeHostnameSpecs(layers);
          return merged && { ...merged };
        },
      ),
    );
  }
}
