// A task's cgroup metrics (the google.protobuf.Any in containerd's Metric) reduced to what Talos's Stats
// reports: memory in use (cgroup v1: usage less the inactive file cache; v2: usage) and CPU time in
// nanoseconds (v1: cpuacct total; v2: usage_usec × 1000).
import { codec } from './proto';

export const CGROUP_V1_METRICS = 'io.containerd.cgroups.v1.Metrics';
export const CGROUP_V2_METRICS = 'io.containerd.cgroups.v2.Metrics';

export interface AnyMessage {
  readonly type_url: string;
  readonly value: Buffer;
}

export interface ContainerMetrics {
  /** Bytes, as a decimal string (uint64). */
  readonly memoryUsage: string;
  /** Nanoseconds, as a decimal string (uint64). */
  readonly cpuUsage: string;
}

interface V1Metrics {
  cpu: { usage: { total: string } | null } | null;
  memory: { total_inactive_file: string; usage: { usage: string } | null } | null;
}
interface V2Metrics {
  cpu: { usage_usec: string } | null;
  memory: { usage: string } | null;
}

export class UnknownMetricsError extends Error {
  constructor(readonly typeUrl: string) {
    super(`failed to convert metric data to cgroups Metrics: ${typeUrl}`);
    this.name = 'UnknownMetricsError';
  }
}

/** The type name of an Any's type URL (`types.containerd.io/x.y.Z` or bare `x.y.Z`). */
const typeName = (url: string): string => url.slice(url.lastIndexOf('/') + 1);

export function decodeMetrics(data: AnyMessage): ContainerMetrics {
  switch (typeName(data.type_url)) {
    case CGROUP_V1_METRICS: {
      const m = codec<V1Metrics>('cgroups.V1Metrics').deserialize(data.value);
      const usage = BigInt(m.memory?.usage?.usage ?? '0');
      const inactive = BigInt(m.memory?.total_inactive_file ?? '0');
      return {
        memoryUsage: inactive < usage ? String(usage - inactive) : '0',
        cpuUsage: m.cpu?.usage?.total ?? '0',
      };
    }
    case CGROUP_V2_METRICS: {
      const m = codec<V2Metrics>('cgroups.V2Metrics').deserialize(data.value);
      return {
        memoryUsage: m.memory?.usage ?? '0',
        cpuUsage: String(BigInt(m.cpu?.usage_usec ?? '0') * 1000n),
      };
    }
    default:
      throw new UnknownMetricsError(data.type_url);
  }
}
