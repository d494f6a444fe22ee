// google.protobuf.Duration to nanoseconds, and Go's time.Duration.String() formatting.

export interface ProtoDuration {
  readonly seconds?: string | number | bigint | null;
  readonly nanos?: number | null;
}

const NS_PER_SECOND = 1_000_000_000n;
const MAX_NS = (1n << 63n) - 1n;
const MIN_NS = -(1n << 63n);

/** Nanoseconds of a Duration, saturated to Go's time.Duration range as `AsDuration` does. */
export function durationNanos(d: ProtoDuration): bigint {
  const ns = BigInt(d.seconds ?? 0) * NS_PER_SECOND + BigInt(d.nanos ?? 0);
  return ns > MAX_NS ? MAX_NS : ns < MIN_NS ? MIN_NS : ns;
}

function fraction(u: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const frac = (u % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return frac === '' ? `${u / scale}` : `${u / scale}.${frac}`;
}

/** Formats like Go: `1m0s`, `100ms`, `1h2m3.5s`, `1.5µs`, `0s`. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const sign = ns < 0n ? '-' : '';
  const u = ns < 0n ? -ns : ns;
  if (u < 1_000n) return `${sign}${u}ns`;
  if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
  if (u < NS_PER_SECOND) return `${sign}${fraction(u, 6)}ms`;
  let out = `${fraction(u % (60n * NS_PER_SECOND), 9)}s`;
  const minutes = u / (60n * NS_PER_SECOND);
  if (minutes > 0n) {
    out = `${minutes % 60n}m${out}`;
    const hours = minutes / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return sign + out;
}

const UNIT_NANOS: Readonly<Record<string, number>> = {
  h: 3600e9,
  m: 60e9,
  s: 1e9,
  ms: 1e6,
  us: 1e3,
  µs: 1e3,
  ns: 1,
};

/** Go's time.ParseDuration of a non-negative duration (`1m30s`, `500ms`, `0`); throws on bad text. */
export function parseGoDurationNanos(text: string): bigint {
  if (text === '0') return 0n;
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text)
    throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  return parts.reduce((sum, p) => sum + BigInt(Math.round(Number(p[1]) * (UNIT_NANOS[p[2] ?? ''] ?? 0))), 0n);
}
