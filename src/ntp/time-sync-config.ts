// The time sync settings of a machine config: a TimeSyncConfig document when there is one, else
// `machine.time` of the v1alpha1 document; none at all when neither says anything.
import type { MachineConfig } from '../config';
import { parseGoDurationSeconds } from '../network/config/go-duration-seconds';

/** Talos's default NTP server (constants.DefaultNTPServer). */
export const DEFAULT_TIME_SERVER = 'time.cloudflare.com';

export interface TimeSyncSettings {
  readonly disabled: boolean;
  /** NTP servers (`host`, `host:port`) or PTP devices (`/dev/ptp0`). */
  readonly servers: readonly string[];
  /** After this long since boot the time counts as synced even without an answer; 0: never. */
  readonly bootTimeoutMs: number;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
const durationMs = (v: unknown): number => (typeof v === 'string' ? parseGoDurationSeconds(v) * 1000 : 0);

export function timeSyncSettings(config: MachineConfig | undefined): TimeSyncSettings | undefined {
  if (!config) return undefined;
  const doc = config.document('TimeSyncConfig');
  if (doc) {
    const ntp = doc.data['ntp'] as { servers?: unknown } | undefined;
    const ptp = doc.data['ptp'] as { devices?: unknown } | undefined;
    return {
      disabled: doc.data['enabled'] === false,
      servers: ntp ? strings(ntp.servers) : strings(ptp?.devices),
      bootTimeoutMs: durationMs(doc.data['bootTimeout']),
    };
  }
  const time = config.v1alpha1()?.machine?.time;
  if (!time) return undefined;
  return {
    disabled: time.disabled === true,
    servers: strings(time.servers),
    bootTimeoutMs: durationMs(time.bootTimeout),
  };
}

/** A PTP hardware clock rather than an NTP server. */
export const isPTPDevice = (server: string): boolean => server.startsWith('/dev/');
