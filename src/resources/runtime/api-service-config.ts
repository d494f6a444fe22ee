// APIServiceConfigs.runtime.talos.dev: how apid listens and whom it trusts (id "apid").
// In maintenance mode: no client certificates, everyone a reader, no routing to other nodes.
import { defineResource, pointerTo } from '../definition';

export const API_SERVICE_CONFIG_ID = 'apid';

export interface APIServiceConfigSpec {
  listenAddress: string;
  nodeRoutingDisabled: boolean;
  readonlyRoleMode: boolean;
  skipVerifyingClientCert: boolean;
}

export const APIServiceConfigDefinition = defineResource<APIServiceConfigSpec>({
  type: 'APIServiceConfigs.runtime.talos.dev',
  defaultNamespace: 'runtime',
  protoSpec: 'talos.resource.definitions.runtime.APIServiceConfigSpec',
  toProto: (s) => ({
    listen_address: s.listenAddress,
    node_routing_disabled: s.nodeRoutingDisabled,
    readonly_role_mode: s.readonlyRoleMode,
    skip_verifying_client_cert: s.skipVerifyingClientCert,
  }),
});

export const API_SERVICE_CONFIG = pointerTo(APIServiceConfigDefinition, API_SERVICE_CONFIG_ID);
