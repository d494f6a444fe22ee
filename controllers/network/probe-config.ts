// network.ProbeConfigController: a ProbeSpec in `network-config` (configuration layer, id
// `configuration/tcp:<endpoint>`) for each TCPProbeConfig document of the machine config, with
// Talos's defaults (interval 1s, timeout 10s).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import { parseGoDurationNanos } from '../../src/apps/machined/apply/go-duration';
import { layeredID } from '../../src/resources/network/config-layer';
import { NETWORK_CONFIG_NAMESPACE } from '../../src/resources/network/hostname-spec';
import { ProbeSpecDefinition, probeID, type ProbeSpecSpec } from '../../src/resources/network/probe-spec';
import { MACHINE_CONFIG, machineConfigOf } from '../../src/resources/config/machine-config';

const msOf = (v: unknown, fallback: number): number => {
  if (typeof v !== 'string') return fallback;
  try {
    const ms = Number(parseGoDurationNanos(v) / 1_000_000n);
    return ms > 0 ? ms : fallback;
  } catch {
    return fallback; // the schema refuses such text before it gets here
  }
};

/** The probes the config's TCPProbeConfig documents describe. */
export function configuredProbes(config: MachineConfig | undefined): ProbeSpecSpec[] {
  return (config?.documentsOfKind('TCPProbeConfig') ?? []).map((d) => ({
    intervalMs: msOf(d.data['interval'], 1000),
    failureThreshold: typeof d.data['failureThreshold'] === 'number' ? d.data['failureThreshold'] : 0,
    tcp: {
      endpoint: typeof d.data['endpoint'] === 'string' ? d.data['endpoint'] : '',
      timeoutMs: msOf(d.data['timeout'], 10_000),
    },
    layer: 'configuration',
  }));
}

export class ProbeConfigController implements Controller {
  readonly name = 'network.ProbeConfigController';

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: ProbeSpecDefinition.type, namespace: NETWORK_CONFIG_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const specs = configuredProbes(await machineConfigOf(ctx));
      ctx.startTrackingOutputs();
      for (const spec of specs) {
        const id = layeredID(spec.layer, probeID(spec));
        await ctx.modify<ProbeSpecSpec>(
          { namespace: NETWORK_CONFIG_NAMESPACE, type: ProbeSpecDefinition.type, id },
          () => spec,
        );
      }
      await ctx.cleanupOutputs();
      ctx.resetBackoff();
    }
  }
}
