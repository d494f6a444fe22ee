// network.ResolverMergeController: ResolverSpecs merged across layers into `network` (id `resolvers`): the highest layer wins.
import { LayeredMergeController } from '../../src/network/layers/merge-controller';
import { ResolverSpecDefinition, type ResolverSpecSpec } from '../../src/resources/network/resolver-spec';

export class ResolverMergeController extends LayeredMergeController<ResolverSpecSpec> {
  readonly name = 'network.ResolverMergeController';

  constructor() {
    super(ResolverSpecDefinition.type);
  }
}
