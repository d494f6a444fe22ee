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
