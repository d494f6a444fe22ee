// cluster.LocalAffiliateController: this node's own Affiliate (id: its node id), from its identity,
// hostname, node name, machine type and addresses. Talos publishes it only with discovery enabled;
// here it is always there once the node is configured (decision: `talosctl get members` then shows
// the node itself, as users expect, since there is no discovery service to ask).
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  AffiliateDefinition,
  CLUSTER_NAMESPACE,
  type AffiliateSpec,
} from '../../src/resources/cluster/affiliate';
import { MACHINE_TYPE, type MachineTypeName } from '../../src/resources/config/machine-type';
import { APISERVER_CONFIG, type APIServerConfigSpec } from '../../src/resources/k8s/apiserver-config';
import { NODENAME, type NodenameSpec } from '../../src/resources/k8s/nodename';
import { fqdn } from '../../src/resources/network/hostname-spec';
import { HOSTNAME_STATUS, type HostnameStatusSpec } from '../../src/resources/network/hostname-status';
import { usableNodeAddresses } from '../../src/network/node-addresses';

export interface LocalAffiliateControllerOptions {
  readonly nodeId: string;
  readonly addresses: readonly string[];
  /** The Talos release (Versions), e.g. "v1.13.9". */
  readonly version: string;
}

export class LocalAffiliateController implements Controller {
  readonly name = 'cluster.LocalAffiliateController';

  constructor(private readonly opts: LocalAffiliateControllerOptions) {}

  inputs() {
    return [
      { ...MACHINE_TYPE, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
      { ...NODENAME, kind: 'weak' as const },
      { ...APISERVER_CONFIG, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: AffiliateDefinition.type, namespace: CLUSTER_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const spec = await this.affiliate(ctx);
      if (spec)
        await ctx.modify<AffiliateSpec>(
          { namespace: CLUSTER_NAMESPACE, type: AffiliateDefinition.type, id: this.opts.nodeId },
          () => spec,
        );
      await ctx.cleanupOutputs();
    }
  }

  private async affiliate(ctx: ControllerContext): Promise<AffiliateSpec | undefined> {
    const type = (await getOptional<MachineTypeName>(ctx, MACHINE_TYPE))?.spec;
    const hostname = (await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS))?.spec;
    if (!type || type === 'unknown' || !hostname) return undefined;
    const nodename = (await getOptional<NodenameSpec>(ctx, NODENAME))?.spec.nodename ?? '';
    const apiServer = (await getOptional<APIServerConfigSpec>(ctx, APISERVER_CONFIG))?.spec;
    const controlPlane = type === 'controlplane' || type === 'init';
    return {
      nodeId: this.opts.nodeId,
      addresses: usableNodeAddresses(this.opts.addresses),
      hostname: fqdn(hostname),
      nodename,
      operatingSystem: `Talos (${this.opts.version})`,
      machineType: type,
      ...(controlPlane && apiServer ? { controlPlane: { apiServerPort: apiServer.localPort } } : {}),
    };
  }
}
