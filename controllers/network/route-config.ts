// network.RouteConfigController: RouteSpecs of every layer in `network-config` (ids `<layer>/` and
// Talos's RouteID): the command line's default route and the machine config's routes.
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import { routeID, RouteSpecDefinition, type RouteSpecSpec } from '../../src/resources/network/route-spec';

export class RouteConfigController extends NetworkConfigController<RouteSpecSpec> {
  readonly name = 'network.RouteConfigController';

  constructor(sources: NetworkSources = {}) {
    super(RouteSpecDefinition.type, sources);
  }

  protected pick(intent: NetworkIntent): Array<[string, RouteSpecSpec]> {
    return intent.routes.map((r) => [routeID(r), r]);
  }

  protected layerOf(spec: RouteSpecSpec) {
    return spec.layer;
  }
}
