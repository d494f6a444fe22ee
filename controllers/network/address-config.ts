// network.AddressConfigController: AddressSpecs of every layer in `network-config` (ids
// `<layer>/<link>/<address>`): lo's on metal, the command line's and the machine config's.
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import {
  addressID,
  AddressSpecDefinition,
  type AddressSpecSpec,
} from '../../src/resources/network/address-spec';

export class AddressConfigController extends NetworkConfigController<AddressSpecSpec> {
  readonly name = 'network.AddressConfigController';

  constructor(sources: NetworkSources = {}) {
    super(AddressSpecDefinition.type, sources);
  }

  protected pick(intent: NetworkIntent): Array<[string, AddressSpecSpec]> {
    return intent.addresses.map((a) => [addressID(a.linkName, a.address), a]);
  }

  protected layerOf(spec: AddressSpecSpec) {
    return spec.layer;
  }
}
