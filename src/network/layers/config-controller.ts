// The shape of Talos's network config controllers: read the sources of network configuration (the
// machine config, the kernel command line, defaults) and write, for one resource type, each layer's
// specs to `network-config` under `<layer>/<id>`.
import type { Controller, ControllerContext } from '../../controller-runtime';
import { getOptional } from '../../controller-runtime';
import type { MachineConfig } from '../../config';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../resources/config/machine-config';
import { layeredID, NETWORK_CONFIG_NAMESPACE, NETWORK_NAMESPACE } from '../../resources/network/config-layer';
import { LinkStatusDefinition, type LinkStatusSpec } from '../../resources/network/link-status';
import { machineConfigNetworkIntent } from '../config/machine-config-intent';
import type { NetworkIntent } from '../config/intent';
import type { SelectableLink } from '../config/device-selector';

const LINK_STATUSES = { namespace: NETWORK_NAMESPACE, type: LinkStatusDefinition.type };

/** The sources that do not come from the machine config, in layer order. */
export interface NetworkSources {
  /** The default layer (e.g. lo's address on metal, the default resolvers). */
  readonly defaults?: NetworkIntent;
  /** The kernel command line's `ip=` (cmdline layer). */
  readonly cmdline?: NetworkIntent;
}

export abstract class NetworkConfigController<Spec> implements Controller {
  abstract readonly name: string;
  private reported = '';

  constructor(
    private readonly type: string,
    private readonly sources: NetworkSources = {},
  ) {}

  /** This type's specs of one source, with their ids (without the layer). */
  protected abstract pick(
    intent: NetworkIntent,
    source: keyof NetworkSources | 'configuration',
  ): Array<[string, Spec]>;

  /** The layer of a spec (every network spec carries its own). */
  protected abstract layerOf(spec: Spec): Parameters<typeof layeredID>[0];

  inputs() {
    return [
      { ...MACHINE_CONFIG, kind: 'weak' as const },
      { ...LINK_STATUSES, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: this.type, namespace: NETWORK_CONFIG_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config;
      const links = await ctx.list<LinkStatusSpec>(LINK_STATUSES);
      const selectable: SelectableLink[] = links.map((l) => ({ name: l.metadata.id, ...l.spec }));
      const specs = this.specs(ctx, config, selectable);
      ctx.startTrackingOutputs();
      for (const [id, spec] of specs) {
        const pointer = {
          namespace: NETWORK_CONFIG_NAMESPACE,
          type: this.type,
          id: layeredID(this.layerOf(spec), id),
        };
        await ctx.modify<Spec>(pointer, () => spec);
      }
      await ctx.cleanupOutputs();
    }
  }

  private specs(
    ctx: ControllerContext,
    config: MachineConfig | undefined,
    links: SelectableLink[],
  ): Array<[string, Spec]> {
    const problems: string[] = [];
    const out: Array<[string, Spec]> = [];
    if (this.sources.defaults) out.push(...this.pick(this.sources.defaults, 'defaults'));
    if (this.sources.cmdline) out.push(...this.pick(this.sources.cmdline, 'cmdline'));
    out.push(...this.pick(machineConfigNetworkIntent(config, links, problems), 'configuration'));
    const report = problems.join('; ');
    if (report !== '' && report !== this.reported)
      ctx.logger.warn({ problems }, 'ignoring invalid network configuration');
    this.reported = report;
    return out;
  }
}
