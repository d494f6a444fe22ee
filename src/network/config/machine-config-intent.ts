// The whole machine config as configuration-layer network specs: the legacy `machine.network`
// section and the multi-document kinds (a document of a kind replaces nothing: both add up, as in Talos,
// where the v1alpha1 interfaces and the documents are read side by side).
import type { MachineConfig } from '../../config';
import { documentsNetworkIntent } from './link-documents';
import { legacyNetworkIntent, type Problems } from './legacy-network';
import { routingRuleIntent } from './routing-rule-documents';
import type { SelectableLink } from './device-selector';
import { emptyIntent, type NetworkIntent } from './intent';

export function machineConfigNetworkIntent(
  config: MachineConfig | undefined,
  links: readonly SelectableLink[],
  problems: Problems = [],
): NetworkIntent {
  if (!config) return emptyIntent();
  const network = config.v1alpha1()?.machine?.network as Readonly<Record<string, unknown>> | undefined;
  const legacy = legacyNetworkIntent(network, links, problems);
  const docs = documentsNetworkIntent(config.documents, problems);
  return {
    links: [...legacy.links, ...docs.links],
    addresses: [...legacy.addresses, ...docs.addresses],
    routes: [...legacy.routes, ...docs.routes],
    rules: routingRuleIntent(config.documents, problems),
    resolvers: docs.resolvers ?? legacy.resolvers,
    operators: [...legacy.operators, ...docs.operators],
    hosts: [...legacy.hosts, ...docs.hosts],
  };
}
