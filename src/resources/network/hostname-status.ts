// HostnameStatuses.net.talos.dev: the hostname the node has (id "hostname").
import { defineResource } from '../definition';

export interface HostnameStatusSpec {
  hostname: string;
  domainname: string;
}

export const HostnameStatusDefinition = defineResource<HostnameStatusSpec>({
  type: 'HostnameStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['hostname'],
  printColumns: [
    { name: 'Hostname', jsonPath: '{.hostname}' },
    { name: 'Domainname', jsonPath: '{.domainname}' },
  ],
  protoSpec: 'talos.resource.definitions.network.HostnameStatusSpec',
});
