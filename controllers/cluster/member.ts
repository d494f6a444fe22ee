// cluster.MemberController: a Member (id: the node name) for every Affiliate that has a node name.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import {
  AffiliateDefinition,
  CLUSTER_NAMESPACE,
  type AffiliateSpec,
} from '../../src/resources/cluster/affiliate';
import { MemberDefinition, type MemberSpec } from '../../src/resources/cluster/member';

export class MemberController implements Controller {
  readonly name = 'cluster.MemberController';

  inputs() {
    return [{ namespace: CLUSTER_NAMESPACE, type: AffiliateDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: MemberDefinition.type, namespace: CLUSTER_NAMESPACE, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const affiliates = await ctx.list<AffiliateSpec>({
        namespace: CLUSTER_NAMESPACE,
        type: AffiliateDefinition.type,
      });
      for (const { spec: a } of affiliates) {
        if (a.nodename === '') continue; // not a cluster member (yet)
        await ctx.modify<MemberSpec>(
          { namespace: CLUSTER_NAMESPACE, type: MemberDefinition.type, id: a.nodename },
          () => ({
            nodeId: a.nodeId,
            addresses: [...a.addresses],
            hostname: a.hostname,
            machineType: a.machineType,
            operatingSystem: a.operatingSystem,
            ...(a.controlPlane ? { controlPlane: { ...a.controlPlane } } : {}),
          }),
        );
      }
      await ctx.cleanupOutputs();
    }
  }
}
