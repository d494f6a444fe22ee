// ResolverStatuses.net.talos.dev: the DNS servers and search domains in effect (id `resolvers`).
import { netIP } from '../../network/netip';
import { defineResource } from '../definition';

export interface ResolverStatusSpec {
  dnsServers: string[];
  searchDomains: string[];
}

export const ResolverStatusDefinition = defineResource<ResolverStatusSpec>({
  type: 'ResolverStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['resolvers'],
  printColumns: [
    { name: 'Resolvers', jsonPath: '{.dnsServers}' },
    { name: 'Search Domains', jsonPath: '{.searchDomains}' },
  ],
  protoSpec: 'talos.resource.definitions.network.ResolverStatusSpec',
  toProto: (s) => ({ dns_servers: s.dnsServers.map(netIP), search_domains: s.searchDomains }),
  toYAML: (s) => ({ dnsServers: s.dnsServers, searchDomains: s.searchDomains }),
});
