// network.ResolverSpecController: the merged ResolverSpec becomes the ResolverStatus (id `resolvers`),
// which /etc/resolv.conf is written from.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { ResolverSpecDefinition, type ResolverSpecSpec } from '../../src/resources/network/resolver-spec';
import {
  ResolverStatusDefinition,
  type ResolverStatusSpec,
} from '../../src/resources/network/resolver-status';

const SPECS = { namespace: 'network', type: ResolverSpecDefinition.type };

export class ResolverSpecController implements Controller {
  readonly name = 'network.ResolverSpecController';

  inputs() {
    return [{ ...SPECS, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: ResolverStatusDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const specs = await ctx.list<ResolverSpecSpec>(SPECS);
      ctx.startTrackingOutputs();
      for (const { metadata, spec } of specs) {
        if (metadata.phase !== 'running') continue;
        const pointer = { namespace: 'network', type: ResolverStatusDefinition.type, id: metadata.id };
        await ctx.modify<ResolverStatusSpec>(pointer, () => ({
          dnsServers: [...spec.dnsServers],
          searchDomains: [...spec.searchDomains],
        }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
