// ProbeSpecs.net.talos.dev: a connectivity probe to run. Config layers write theirs to `network-config`
// (ids `<layer>/tcp:<endpoint>`); the merged ones live in `network` (ids `tcp:<endpoint>`).
import { formatGoDuration } from '../../apps/machined/apply/go-duration';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';

export interface TCPProbeSpec {
  /** host:port to connect to. */
  endpoint: string;
  timeoutMs: number;
}

export interface ProbeSpecSpec {
  intervalMs: number;
  /** Consecutive failures before the probe reports failure. */
  failureThreshold: number;
  tcp: TCPProbeSpec;
  layer: ConfigLayer;
}

/** The probe's ID, as Talos builds it from its kind and target. */
export const probeID = (spec: Pick<ProbeSpecSpec, 'tcp'>): string => `tcp:${spec.tcp.endpoint}`;

const ms = (n: number) => formatGoDuration(BigInt(Math.round(n * 1e6)));
const protoDuration = (n: number) => ({ seconds: Math.floor(n / 1000), nanos: (n % 1000) * 1e6 });

export const ProbeSpecDefinition = defineResource<ProbeSpecSpec>({
  type: 'ProbeSpecs.net.talos.dev',
  defaultNamespace: 'network',
  protoSpec: 'talos.resource.definitions.network.ProbeSpecSpec',
  toProto: (s) => ({
    interval: protoDuration(s.intervalMs),
    failure_threshold: s.failureThreshold,
    tcp: { endpoint: s.tcp.endpoint, timeout: protoDuration(s.tcp.timeoutMs) },
    config_layer: configLayerNumber(s.layer),
  }),
  toYAML: (s) => ({
    interval: ms(s.intervalMs),
    failureThreshold: s.failureThreshold,
    tcp: { endpoint: s.tcp.endpoint, timeout: ms(s.tcp.timeoutMs) },
    layer: s.layer,
  }),
});
