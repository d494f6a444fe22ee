// network.HostnameMergeController: the per-layer HostnameSpecs in `network-config` merged into the one
// in `network` (id "hostname"): the highest layer with a hostname wins.
import { MergeController } from '../../src/controller-runtime';
import { configLayerNumber } from '../../src/resources/network/config-layer';
import {
  HostnameSpecDefinition,
  HOSTNAME_ID,
  NETWORK_CONFIG_NAMESPACE,
  NETWORK_NAMESPACE,
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
    const type = HostnameSpecDefinition.type;
    super({
      name: 'network.HostnameMergeController',
      input: { namespace: NETWORK_CONFIG_NAMESPACE, type },
      output: { namespace: NETWORK_NAMESPACE, type, id: HOSTNAME_ID },
      outputKind: 'shared',
      merge: (layers) => {
        const merged = mergeHostnameSpecs(layers);
        return merged && { ...merged };
      },
    });
  }
}
