// network.RoutingRuleConfigController: RoutingRuleSpecs of the configuration layer in `network-config`
// (ids `configuration/` and Talos's RoutingRuleID), from the machine config's RoutingRuleConfig documents.
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import {
  routingRuleID,
  RoutingRuleSpecDefinition,
  type RoutingRuleSpecSpec,
} from '../../src/resources/network/routing-rule-spec';

export class RoutingRuleConfigController extends NetworkConfigController<RoutingRuleSpecSpec> {
  readonly name = 'network.RoutingRuleConfigController';

  constructor(sources: NetworkSources = {}) {
    super(RoutingRuleSpecDefinition.type, sources);
  }

  protected pick(intent: NetworkIntent): Array<[string, RoutingRuleSpecSpec]> {
    return intent.rules.map((r) => [routingRuleID(r), r]);
  }

  protected layerOf(spec: RoutingRuleSpecSpec) {
    return spec.layer;
  }
}
