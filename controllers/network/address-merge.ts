// network.AddressMergeController: AddressSpecs merged across layers into `network` (ids `<link>/<address>`): the highest layer wins.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import { AddressSpecDefinition, type AddressSpecSpec } from '../../src/resources/network/address-spec';

export class AddressMergeController extends LayeredMergeController<AddressSpecSpec> {
  readonly name = 'network.AddressMergeController';

  constructor() {
    super(AddressSpecDefinition.type);
  }
}
