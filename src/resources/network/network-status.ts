// NetworkStatuses.net.talos.dev: what of the network is ready (id `status`): an address, a default
// route (connectivity), the hostname, and /etc/resolv.conf and /etc/hosts written.
import { defineResource } from '../definition';

export const NETWORK_STATUS_ID = 'status';

export interface NetworkStatusSpec {
  addressReady: boolean;
  connectivityReady: boolean;
  hostnameReady: boolean;
  etcFilesReady: boolean;
}

export const NetworkStatusDefinition = defineResource<NetworkStatusSpec>({
  type: 'NetworkStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['netstatus', 'netstatuses'],
  printColumns: [
    { name: 'Address', jsonPath: '{.addressReady}' },
    { name: 'Connectivity', jsonPath: '{.connectivityReady}' },
    { name: 'Hostname', jsonPath: '{.hostnameReady}' },
    { name: 'Etc', jsonPath: '{.etcFilesReady}' },
  ],
  protoSpec: 'talos.resource.definitions.network.StatusSpec',
  toProto: (s) => ({
    address_ready: s.addressReady,
    connectivity_ready: s.connectivityReady,
    hostname_ready: s.hostnameReady,
    etc_files_ready: s.etcFilesReady,
  }),
});
