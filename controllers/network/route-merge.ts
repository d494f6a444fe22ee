// network.RouteMergeController: RouteSpecs merged across layers into `network` (ids: Talos's RouteID): the highest layer wins.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import { RouteSpecDefinition, type RouteSpecSpec } from '../../src/resources/network/route-spec';

export class RouteMergeController extends LayeredMergeController<RouteSpecSpec> {
  readonly name = 'network.RouteMergeController';

  constructor() {
    super(RouteSpecDefinition.type);
  }
}
