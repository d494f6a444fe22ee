// cluster.EndpointController: Endpoints "discovery" (namespace controlplane), the addresses of the
// control-plane Members, sorted.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { CLUSTER_NAMESPACE } from '../../src/resources/cluster/affiliate';
import { MemberDefinition, type MemberSpec } from '../../src/resources/cluster/member';
import {
  compareAddresses,
  CONTROL_PLANE_NAMESPACE,
  DISCOVERED_ENDPOINTS_ID,
  EndpointDefinition,
  type EndpointSpec,
} from '../../src/resources/k8s/endpoint';

const OUTPUT = {
  namespace: CONTROL_PLANE_NAMESPACE,
  type: EndpointDefinition.type,
  id: DISCOVERED_ENDPOINTS_ID,
};

export class EndpointController implements Controller {
  readonly name = 'cluster.EndpointController';

  inputs() {
    return [{ namespace: CLUSTER_NAMESPACE, type: MemberDefinition.type, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: EndpointDefinition.type, namespace: CONTROL_PLANE_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const members = await ctx.list<MemberSpec>({
        namespace: CLUSTER_NAMESPACE,
        type: MemberDefinition.type,
      });
      const addresses = members
        .filter((m) => m.spec.machineType === 'controlplane' || m.spec.machineType === 'init')
        .flatMap((m) => m.spec.addresses)
        .sort(compareAddresses);
      await ctx.modify<EndpointSpec>(OUTPUT, () => ({ addresses, hosts: [] }));
      ctx.resetBackoff();
    }
  }
}
