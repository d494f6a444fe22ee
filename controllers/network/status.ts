// network.StatusController: the NetworkStatus (id `status`): an address (NodeAddresses `current` has
// one), connectivity (a default route in the main table), the hostname set, and /etc/hosts and
// /etc/resolv.conf written.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { getOptional } from '../../src/controller-runtime';
import { EtcFileStatusDefinition } from '../../src/resources/files/etc-file-status';
import { HOSTNAME_STATUS } from '../../src/resources/network/hostname-status';
import {
  NetworkStatusDefinition,
  NETWORK_STATUS_ID,
  type NetworkStatusSpec,
} from '../../src/resources/network/network-status';
import { NODE_ADDRESS_CURRENT, type NodeAddressSpec } from '../../src/resources/network/node-address';
import { RouteStatusDefinition, type RouteStatusSpec } from '../../src/resources/network/route-status';

const ROUTES = { namespace: 'network', type: RouteStatusDefinition.type };
const ETC_FILES = { namespace: 'files', type: EtcFileStatusDefinition.type };

export class StatusController implements Controller {
  readonly name = 'network.StatusController';

  inputs() {
    return [
      { ...NODE_ADDRESS_CURRENT, kind: 'weak' as const },
      { ...ROUTES, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
      { ...ETC_FILES, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: NetworkStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const current = (await getOptional<NodeAddressSpec>(ctx, NODE_ADDRESS_CURRENT))?.spec.addresses ?? [];
      const routes = await ctx.list<RouteStatusSpec>(ROUTES);
      const etc = new Set((await ctx.list(ETC_FILES)).map((r) => r.metadata.id));
      const status: NetworkStatusSpec = {
        addressReady: current.length > 0,
        connectivityReady: routes.some(
          (r) => r.spec.dst === '' && r.spec.table === 'main' && r.spec.type === 'unicast',
        ),
        hostnameReady: (await getOptional(ctx, HOSTNAME_STATUS)) !== undefined,
        etcFilesReady: etc.has('hosts') && etc.has('resolv.conf'),
      };
      await ctx.modify<NetworkStatusSpec>(
        { namespace: 'network', type: NetworkStatusDefinition.type, id: NETWORK_STATUS_ID },
        () => status,
      );
    }
  }
}
