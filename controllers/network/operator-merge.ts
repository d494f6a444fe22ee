// network.OperatorMergeController: OperatorSpecs merged across layers into `network`: the highest layer wins per operator and link.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import { OperatorSpecDefinition, type OperatorSpecSpec } from '../../src/resources/network/operator-spec';

export class OperatorMergeController extends LayeredMergeController<OperatorSpecSpec> {
  readonly name = 'network.OperatorMergeController';

  constructor() {
    super(OperatorSpecDefinition.type);
  }
}
