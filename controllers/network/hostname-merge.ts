// network.HostnameMergeController: the per-layer HostnameSpecs in `network-config` merged into the one
// in `network` (id "hostname"): the highest layer with a hostname wins.
import { configLayerNumber } from '../../src/resources/network/config-layer';
import {
  HostnameSpecDefinition,
  HOSTNAME_ID,
  type HostnameSpecSpec,
} from '../../src/resources/network/hostname-spec';
import { LayerMergeController } from './layer-merge';

/** Talos's merge: walk the layers in ID order, a later spec replaces the pick only from a higher layer. */
export function mergeHostnameSpecs(specs: readonly HostnameSpecSpec[]): HostnameSpecSpec | undefined {
  let final: HostnameSpecSpec | undefined;
  for (const spec of specs) {
    if (final && configLayerNumber(spec.layer) <= configLayerNumber(final.layer)) continue;
    final = spec;
  }
  return final && final.hostname !== '' ? final : undefined;
}

export class HostnameMergeController extends LayerMergeController<HostnameSpecSpec> {
  readonly name = 'network.HostnameMergeController';

  constructor() {
    super(HostnameSpecDefinition.type, HOSTNAME_ID);
  }

  protected merge(layers: readonly HostnameSpecSpec[]): HostnameSpecSpec | undefined {
    const merged = mergeHostnameSpecs(layers);
    return merged && { ...merged };
  }
}
