// network.ResolverConfigController: ResolverSpecs of every layer in `network-config` (ids
// `<layer>/resolvers`): Talos's default servers, the command line's and the machine config's.
import type { NetworkIntent } from '../../src/network/config/intent';
import { NetworkConfigController, type NetworkSources } from '../../src/network/layers/config-controller';
import {
  RESOLVER_ID,
  ResolverSpecDefinition,
  type ResolverSpecSpec,
} from '../../src/resources/network/resolver-spec';

/** constants.DefaultPrimaryResolver and DefaultSecondaryResolver. */
export const DEFAULT_RESOLVERS = ['1.1.1.1', '8.8.8.8'];

export class ResolverConfigController extends NetworkConfigController<ResolverSpecSpec> {
  readonly name = 'network.ResolverConfigController';

  constructor(sources: NetworkSources = {}) {
    super(ResolverSpecDefinition.type, {
      ...sources,
      defaults: {
        links: [],
        addresses: [],
        routes: [],
        rules: [],
        operators: [],
        hosts: [],
        resolvers: { dnsServers: DEFAULT_RESOLVERS, layer: 'default', searchDomains: [] },
      },
    });
  }

  protected pick(intent: NetworkIntent): Array<[string, ResolverSpecSpec]> {
    return intent.resolvers && intent.resolvers.dnsServers.length + intent.resolvers.searchDomains.length > 0
      ? [[RESOLVER_ID, intent.resolvers]]
      : [];
  }

  protected layerOf(spec: ResolverSpecSpec) {
    return spec.layer;
  }
}
