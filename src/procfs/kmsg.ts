// The kernel's log buffer through /dev/kmsg: each read(2) returns one record,
// `<prefix>,<sequence>,<µs since boot>,<flags>[,<caller>];<text>\n[ KEY=value\n…]`, with non-printable
// bytes of the text escaped as `\xNN`. Read as siderolabs/go-kmsg reads it for Talos: the text unescaped,
// the time as the boot time (now − whole seconds of uptime) plus the record's clock.
import { ProcfsError } from './errors';

export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

export const PRIORITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

export interface KmsgRecord {
  readonly facility: number;
  readonly priority: number;
  readonly sequence: bigint;
  /** Microseconds since boot. */
  readonly clockUs: bigint;
  /** The text with its escapes decoded, including the trailing newline and any `KEY=value` lines. */
  readonly message: Buffer;
}

export class KmsgParseError extends ProcfsError {
  override readonly name = 'KmsgParseError';
}

/** `\xNN` → the byte, `\\` → `\`; any other escape is dropped. */
export function unescapeKmsg(text: Buffer): Buffer {
  if (!text.includes(0x5c)) return text;
  const out = Buffer.allocUnsafe(text.length);
  let n = 0;
  const hexDigit = (c: number): number =>
    c >= 0x30 && c <= 0x39
      ? c - 0x30
      : c >= 0x61 && c <= 0x66
        ? c - 0x57
        : c >= 0x41 && c <= 0x46
          ? c - 0x37
          : -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c !== 0x5c) {
      out[n++] = c;
      continue;
    }
    const next = text[i + 1];
    if (next === 0x5c) {
      out[n++] = 0x5c;
      i++;
    } else if (next === 0x78) {
      const hi = hexDigit(text[i + 2] ?? -1);
      const lo = hi < 0 ? -1 : hexDigit(text[i + 3] ?? -1);
      if (hi >= 0 && lo >= 0) out[n++] = (hi << 4) | lo;
      // an incomplete escape swallows what it consumed, as go-kmsg's decoder does
      i += hi < 0 ? 2 : 3;
    } else {
      i++;
    }
  }
  return out.subarray(0, n);
}

const INTEGER = /^-?\d+$/;

export function parseKmsgRecord(record: Buffer): KmsgRecord {
  const semi = record.indexOf(0x3b);
  if (semi < 0) throw new KmsgParseError('kernel message should contain a prefix');
  const meta = record.toString('latin1', 0, semi).split(',');
  if (meta.length < 3)
    throw new KmsgParseError(`message metdata should have at least 3 parts, got ${meta.length}`);
  const [prefix, sequence, clock] = meta as [string, string, string];
  if (!INTEGER.test(prefix)) throw new KmsgParseError(`error parsing priority: ${JSON.stringify(prefix)}`);
  if (!INTEGER.test(sequence))
    throw new KmsgParseError(`error parsing sequence: ${JSON.stringify(sequence)}`);
  if (!INTEGER.test(clock))
    throw new KmsgParseError(`errors parsing clock from boot: ${JSON.stringify(clock)}`);
  const p = Number(prefix);
  return {
    facility: p >> 3,
    priority: p & 7,
    sequence: BigInt(sequence),
    clockUs: BigInt(clock),
    message: unescapeKmsg(record.subarray(semi + 1)),
  };
}

/** Nanoseconds since the epoch → Go's RFC 3339 with nanoseconds, in UTC (trailing zeros dropped). */
export function formatRfc3339Nano(ns: bigint): string {
  const seconds = ns / 1_000_000_000n - (ns % 1_000_000_000n < 0n ? 1n : 0n);
  const frac = ns - seconds * 1_000_000_000n;
  const date = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const digits = frac === 0n ? '' : `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return `${date}${digits}Z`;
}

/** `<facility>: <priority, right-aligned to 7>: [<time>]: <text>`, the line Talos sends for a record. */
export function formatKmsgRecord(r: KmsgRecord, bootTimeNs: bigint): Buffer {
  const facility = FACILITIES[r.facility] ?? String(r.facility);
  const priority = (PRIORITIES[r.priority] ?? String(r.priority)).padStart(7);
  const time = formatRfc3339Nano(bootTimeNs + r.clockUs * 1000n);
  return Buffer.concat([Buffer.from(`${facility}: ${priority}: [${time}]: `), r.message]);
}
