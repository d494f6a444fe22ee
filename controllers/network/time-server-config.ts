// network.TimeServerConfigController: per-layer TimeServerSpecs in `network-config`: the default
// (time.cloudflare.com) and, when the machine config names servers, the configuration layer — from a
// TimeSyncConfig document (its NTP servers, or PTP devices), else from `machine.time.servers`.
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import { layeredID } from '../../src/resources/network/config-layer';
import { NETWORK_CONFIG_NAMESPACE } from '../../src/resources/network/hostname-spec';
import {
  TimeServerSpecDefinition,
  TIME_SERVER_ID,
  type TimeServerSpecSpec,
} from '../../src/resources/network/time-server-spec';
import { DEFAULT_TIME_SERVER } from '../../src/ntp/time-sync-config';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';

export class TimeServerConfigController implements Controller {
  readonly name = 'network.TimeServerConfigController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [
      { type: TimeServerSpecDefinition.type, namespace: NETWORK_CONFIG_NAMESPACE, kind: 'shared' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const specs: TimeServerSpecSpec[] = [{ timeServers: [DEFAULT_TIME_SERVER], layer: 'default' }];
      const configured = configuredTimeServers(await machineConfigOf(ctx));
      if (configured) specs.push({ timeServers: configured, layer: 'configuration' });
      ctx.startTrackingOutputs();
      for (const spec of specs) {
        const id = layeredID(spec.layer, TIME_SERVER_ID);
        await ctx.modify<TimeServerSpecSpec>(
          { namespace: NETWORK_CONFIG_NAMESPACE, type: TimeServerSpecDefinition.type, id },
          () => spec,
        );
      }
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : undefined;

/** The servers the config names (an empty list counts), or undefined when it names none. */
export function configuredTimeServers(config: MachineConfig | undefined): string[] | undefined {
  if (!config) return undefined;
  const doc = config.document('TimeSyncConfig');
  if (doc) {
    const ntp = doc.data['ntp'] as { servers?: unknown } | undefined;
    const ptp = doc.data['ptp'] as { devices?: unknown } | undefined;
    return strings(ntp?.servers) ?? strings(ptp?.devices);
  }
  return strings(config.v1alpha1()?.machine?.time?.servers);
}
