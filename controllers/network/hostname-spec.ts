// network.HostnameSpecController: the merged HostnameSpec becomes the HostnameStatus.
// Talos also sets the kernel hostname and domain name, except in container mode. This agent never changes
// the host's names: on metal that is still to come, and in container mode Talos leaves them alone too.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import {
  HostnameSpecDefinition,
  NETWORK_NAMESPACE,
  type HostnameSpecSpec,
} from '../../src/resources/network/hostname-spec';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';

const SPECS = { namespace: NETWORK_NAMESPACE, type: HostnameSpecDefinition.type };

export class HostnameSpecController implements Controller {
  readonly name = 'network.HostnameSpecController';

  inputs() {
    return [{ ...SPECS, kind: 'weak' as const }];
  }

  outputs() {
    return [
      { type: HostnameStatusDefinition.type, namespace: NETWORK_NAMESPACE, kind: 'exclusive' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const specs = await ctx.list<HostnameSpecSpec>(SPECS);
      ctx.startTrackingOutputs();
      for (const spec of specs) {
        if (spec.metadata.phase !== 'running') continue;
        const pointer = {
          namespace: NETWORK_NAMESPACE,
          type: HostnameStatusDefinition.type,
          id: spec.metadata.id,
        };
        const { hostname, domainname } = spec.spec;
        await ctx.modify<HostnameStatusSpec>(pointer, () => ({ hostname, domainname }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
