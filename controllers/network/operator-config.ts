// network.OperatorConfigController: OperatorSpecs of every layer in `network-config`: DHCPv4 clients
// (the command line's `ip=dhcp`, the config's `dhcp: true` and DHCPv4Config) and shared virtual IPs
// (the config's `vip` and Layer2VIPConfig; a worker never runs one).
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import {
  operatorID,
  OperatorSpecDefinition,
  type OperatorSpecSpec,
} from '../../src/resources/network/operator-spec';

export class OperatorConfigController extends NetworkConfigController<OperatorSpecSpec> {
  readonly name = 'network.OperatorConfigController';

  constructor(sources: NetworkSources = {}) {
    super(OperatorSpecDefinition.type, sources);
  }

  protected pick(intent: NetworkIntent): Array<[string, OperatorSpecSpec]> {
    return intent.operators.map((o) => [operatorID(o), o]);
  }

  protected layerOf(spec: OperatorSpecSpec) {
    return spec.layer;
  }
}
