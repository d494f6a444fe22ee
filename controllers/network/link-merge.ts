// network.LinkMergeController: LinkSpecs merged across layers into `network` (ids: link names): each
// layer, lowest first, sets the fields it has (non-zero); the kind's settings come from the layer that
// names them.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import { isZero } from '../../src/resources/network/yaml-shape';
import { LinkSpecDefinition, type LinkSpecSpec } from '../../src/resources/network/link-spec';

const FIELDS = [
  'logical',
  'up',
  'mtu',
  'kind',
  'type',
  'parentName',
  'bondSlave',
  'vlan',
  'bridgeMaster',
  'bridgeSlave',
  'bondMaster',
  'hardwareAddr',
  'wireguard',
] as const;

/** Talos's LinkSpecSpec.Merge over the layers, lowest first. */
export function mergeLinkSpecs(layers: readonly LinkSpecSpec[]): LinkSpecSpec | undefined {
  const [first, ...rest] = layers;
  if (!first) return undefined;
  const merged: LinkSpecSpec = structuredClone(first);
  for (const spec of rest) {
    for (const field of FIELDS) {
      const value = spec[field];
      if (!isZero(value)) Object.assign(merged, { [field]: structuredClone(value) });
    }
    merged.layer = spec.layer;
  }
  return merged;
}

export class LinkMergeController extends LayeredMergeController<LinkSpecSpec> {
  readonly name = 'network.LinkMergeController';

  constructor() {
    super(LinkSpecDefinition.type);
  }

  protected override merge(layers: readonly LinkSpecSpec[]): LinkSpecSpec | undefined {
    return mergeLinkSpecs(layers);
  }
}
