// network.RoutingRuleMergeController: RoutingRuleSpecs merged across layers into `network` (ids: Talos's
// RoutingRuleID): the highest layer wins.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import {
  RoutingRuleSpecDefinition,
  type RoutingRuleSpecSpec,
} from '../../src/resources/network/routing-rule-spec';

export class RoutingRuleMergeController extends LayeredMergeController<RoutingRuleSpecSpec> {
  readonly name = 'network.RoutingRuleMergeController';

  constructor() {
    super(RoutingRuleSpecDefinition.type);
  }
}
