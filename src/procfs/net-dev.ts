// /proc/net/dev: two header lines, then `name: ` and 16 counters (8 receive, 8 transmit) per interface,
// for the network namespace of the reading process.
import { parseError } from './errors';
import { readKernelFile } from './read';

export const NET_DEV_COUNTERS = [
  'rxBytes',
  'rxPackets',
  'rxErrors',
  'rxDropped',
  'rxFifo',
  'rxFrame',
  'rxCompressed',
  'rxMulticast',
  'txBytes',
  'txPackets',
  'txErrors',
  'txDropped',
  'txFifo',
  'txCollisions',
  'txCarrier',
  'txCompressed',
] as const;

export type NetDevCounters = Readonly<Record<(typeof NET_DEV_COUNTERS)[number], bigint>>;

export interface NetDev extends NetDevCounters {
  readonly name: string;
}

export function parseNetDev(text: string, file = '/proc/net/dev'): NetDev[] {
  const byName = new Map<string, NetDev>();
  for (const line of text.split('\n').slice(2)) {
    if (line.trim() === '') continue;
    const colon = line.lastIndexOf(':');
    const name = colon < 0 ? '' : line.slice(0, colon).trim();
    if (name === '') throw parseError(file, `no interface name in ${JSON.stringify(line)}`);
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    const counters = NET_DEV_COUNTERS.map((key, i) => {
      const s = f[i];
      if (s === undefined || !/^\d+$/.test(s))
        throw parseError(file, `${name} ${key}: ${JSON.stringify(s ?? '')}`);
      return [key, BigInt(s)] as const;
    });
    byName.set(name, { name, ...(Object.fromEntries(counters) as NetDevCounters) });
  }
  return [...byName.values()];
}

/** Every interface's counters summed; the name lists the interfaces, sorted, joined with `, `. */
export function totalNetDev(devs: readonly NetDev[]): NetDev {
  const sums = NET_DEV_COUNTERS.map(
    (key) =>
      [
        key,
        BigInt.asUintN(
          64,
          devs.reduce((sum, d) => sum + d[key], 0n),
        ),
      ] as const,
  );
  const name = devs
    .map((d) => d.name)
    .sort()
    .join(', ');
  return { name, ...(Object.fromEntries(sums) as NetDevCounters) };
}

export async function readNetDev(proc = '/proc'): Promise<NetDev[]> {
  const file = `${proc}/net/dev`;
  return parseNetDev(await readKernelFile(file), file);
}
