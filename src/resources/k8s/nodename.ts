// Nodenames.kubernetes.talos.dev: the name the kubelet registers the node under (id "nodename").
import { defineResource, pointerTo } from '../definition';

export const NODENAME_ID = 'nodename';

export interface NodenameSpec {
  nodename: string;
  /** Version of the HostnameStatus the name was derived from. */
  hostnameVersion: string;
  skipNodeRegistration: boolean;
}

export const NodenameDefinition = defineResource<NodenameSpec>({
  type: 'Nodenames.kubernetes.talos.dev',
  defaultNamespace: 'k8s',
  printColumns: [{ name: 'Nodename', jsonPath: '{.nodename}' }],
  protoSpec: 'talos.resource.definitions.k8s.NodenameSpec',
  toProto: (s) => ({
    nodename: s.nodename,
    hostname_version: s.hostnameVersion,
    skip_node_registration: s.skipNodeRegistration,
  }),
});

export const NODENAME = pointerTo(NodenameDefinition, NODENAME_ID);
