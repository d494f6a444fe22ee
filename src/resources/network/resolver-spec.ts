// ResolverSpecs.net.talos.dev: DNS servers and search domains. Config layers write theirs to
// `network-config` (ids `<layer>/resolvers`); the merged one lives in `network` (id `resolvers`).
import { netIP } from '../../network/netip';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import { goYAML } from './yaml-shape';

export const RESOLVER_ID = 'resolvers';

export interface ResolverSpecSpec {
  dnsServers: string[];
  layer: ConfigLayer;
  searchDomains: string[];
}

export const ResolverSpecDefinition = defineResource<ResolverSpecSpec>({
  type: 'ResolverSpecs.net.talos.dev',
  defaultNamespace: 'network',
  printColumns: [
    { name: 'Layer', jsonPath: '{.layer}' },
    { name: 'Resolvers', jsonPath: '{.dnsServers}' },
    { name: 'Search Domains', jsonPath: '{.searchDomains}' },
  ],
  protoSpec: 'talos.resource.definitions.network.ResolverSpecSpec',
  toProto: (s) => ({
    dns_servers: s.dnsServers.map(netIP),
    config_layer: configLayerNumber(s.layer),
    search_domains: s.searchDomains,
  }),
  toYAML: (s) =>
    goYAML([
      ['dnsServers', s.dnsServers],
      ['layer', s.layer],
      ['searchDomains?', s.searchDomains],
    ]),
});
