// network.LinkConfigController: LinkSpecs of every layer in `network-config` (ids `<layer>/<name>`):
// the command line's link and the machine config's interfaces and link documents.
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import { LinkSpecDefinition, type LinkSpecSpec } from '../../src/resources/network/link-spec';

export class LinkConfigController extends NetworkConfigController<LinkSpecSpec> {
  readonly name = 'network.LinkConfigController';

  constructor(sources: NetworkSources = {}) {
    super(LinkSpecDefinition.type, sources);
  }

  protected pick(intent: NetworkIntent): Array<[string, LinkSpecSpec]> {
    return intent.links.map((l) => [l.name, l]);
  }

  protected layerOf(spec: LinkSpecSpec) {
    return spec.layer;
  }
}
