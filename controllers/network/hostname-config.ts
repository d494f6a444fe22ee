// network.HostnameConfigController: per-layer HostnameSpecs in `network-config` from the machine config:
// `configuration/hostname` (the static hostname) and `default/hostname` (the automatic one).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import { layeredID } from '../../src/resources/network/config-layer';
import {
  HostnameSpecDefinition,
  HOSTNAME_ID,
  NETWORK_CONFIG_NAMESPACE,
  parseFQDN,
  type HostnameSpecSpec,
} from '../../src/resources/network/hostname-spec';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';
import { addressHostname, randomNodeId, stableHostname } from '../../src/network/default-hostname';

/** Talos `AutoHostnameKind`; `talos-addr` is the legacy v1alpha1 default. */
type AutoHostname = 'off' | 'talos-addr' | 'stable';

export interface HostnameConfigOptions {
  /** The node's identity (Talos: cluster Identity `local`); a random one per instance when absent. */
  readonly nodeId?: string;
  /** The node's default address (Talos: NodeAddress `default`), for the legacy `talos-addr` hostname. */
  readonly defaultAddress?: string;
}

export class HostnameConfigController implements Controller {
  readonly name = 'network.HostnameConfigController';
  private readonly nodeId: string;

  constructor(private readonly opts: HostnameConfigOptions = {}) {
    this.nodeId = opts.nodeId ?? randomNodeId();
  }

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [
      { type: HostnameSpecDefinition.type, namespace: NETWORK_CONFIG_NAMESPACE, kind: 'shared' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const config = await machineConfigOf(ctx);
      ctx.startTrackingOutputs();
      for (const spec of this.specs(ctx, config)) {
        const pointer = {
          namespace: NETWORK_CONFIG_NAMESPACE,
          type: HostnameSpecDefinition.type,
          id: layeredID(spec.layer, HOSTNAME_ID),
        };
        await ctx.modify<HostnameSpecSpec>(pointer, () => spec);
      }
      await ctx.cleanupOutputs();
    }
  }

  private specs(ctx: ControllerContext, config: MachineConfig | undefined): HostnameSpecSpec[] {
    // Talos emits nothing without a config; we give the node its stable name meanwhile.
    if (!config) return [this.auto('stable')].filter((s) => s !== undefined);
    const { hostname, auto } = hostnameConfig(config);
    const specs: HostnameSpecSpec[] = [];
    if (hostname !== '') {
      const spec = parseFQDN(hostname, 'configuration');
      if (spec) specs.push(spec);
      else ctx.logger.warn({ hostname }, 'ignoring invalid hostname');
    }
    const def = this.auto(auto);
    if (def) specs.push(def);
    return specs;
  }

  private auto(kind: AutoHostname): HostnameSpecSpec | undefined {
    if (kind === 'off') return undefined;
    const address = this.opts.defaultAddress;
    const hostname =
      kind === 'talos-addr' && address !== undefined ? addressHostname(address) : stableHostname(this.nodeId);
    return { hostname, domainname: '', layer: 'default' };
  }
}

/** Talos `NetworkHostnameConfig()`: the HostnameConfig document, else the v1alpha1 document. */
function hostnameConfig(config: MachineConfig): { hostname: string; auto: AutoHostname } {
  const doc = config.document('HostnameConfig');
  if (doc) {
    const hostname = doc.data['hostname'];
    return {
      hostname: typeof hostname === 'string' ? hostname : '',
      auto: doc.data['auto'] === 'stable' ? 'stable' : 'off',
    };
  }
  const v1 = config.v1alpha1();
  if (!v1) return { hostname: '', auto: 'off' };
  return {
    hostname: v1.machine?.network?.hostname ?? '',
    auto: v1.machine?.features?.stableHostname === true ? 'stable' : 'talos-addr',
  };
}
