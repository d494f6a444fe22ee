// network.HostnameSpecController: the merged HostnameSpec becomes the HostnameStatus, and on metal the
// kernel's host and domain names (`setNames`); in container mode the host's names stay the host's, as
// Talos leaves them.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { KernelNames } from '../../src/network/kernel/hostname';
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
  private applied: string | undefined;

  /** `setNames` sets the kernel's names (metal); without it they are left alone. */
  constructor(private readonly setNames?: (names: KernelNames) => Promise<void>) {}

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
        const key = `${hostname}\0${domainname}`;
        if (this.setNames && this.applied !== key) {
          ctx.logger.info({ hostname, domainname }, 'setting hostname');
          await this.setNames({ hostname, domainname });
          this.applied = key;
        }
      }
      await ctx.cleanupOutputs();
    }
  }
}
