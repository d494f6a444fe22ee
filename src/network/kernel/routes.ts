// The kernel's routes, every table, as RouteStatus specs (`ip -json -4|-6 route show table all`).
import type { RouteStatusSpec } from '../../resources/network/route-status';
import {
  ROUTE_TYPES,
  routingTableName,
  type RouteType,
  type Scope,
} from '../../resources/network/nethelpers';
import { canonicalAddr, canonicalPrefix } from '../netip';
import { ipJSON } from './command';

export type KernelRoute = RouteStatusSpec;

interface IpRoute {
  type?: string;
  dst: string;
  gateway?: string;
  via?: { family: string; host: string };
  dev?: string;
  table?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  metrics?: Array<Record<string, number>>;
}

const SCOPES: Readonly<Record<string, Scope>> = {
  global: 'global',
  universe: 'global',
  site: 'site',
  link: 'link',
  host: 'host',
  nowhere: 'nowhere',
};

function toStatus(r: IpRoute, family: 'inet4' | 'inet6', index: ReadonlyMap<string, number>): KernelRoute {
  const type = (ROUTE_TYPES as readonly string[]).includes(r.type ?? '') ? (r.type as RouteType) : 'unicast';
  const table = r.table ?? 'main';
  const gateway = r.gateway ?? r.via?.host;
  const mtu = r.metrics?.find((m) => 'mtu' in m)?.['mtu'] ?? 0;
  return {
    family,
    dst: r.dst === 'default' ? '' : canonicalPrefix(r.dst),
    src: r.prefsrc ? canonicalAddr(r.prefsrc) : '',
    gateway: gateway ? canonicalAddr(gateway) : '',
    outLinkIndex: r.dev ? (index.get(r.dev) ?? 0) : 0,
    outLinkName: r.dev ?? '',
    table: /^\d+$/.test(table) ? routingTableName(Number(table)) : table,
    priority: r.metric ?? 0,
    scope: SCOPES[r.scope ?? 'global'] ?? 'global',
    type,
    flags: '',
    // iproute2 leaves out RTPROT_BOOT, the protocol of routes added by hand or by us.
    protocol: r.protocol ?? 'boot',
    mtu,
  };
}

/** Every route of every table of the agent's network namespace; `index` maps link names to indexes. */
export async function readKernelRoutes(
  index: ReadonlyMap<string, number>,
  signal?: AbortSignal,
): Promise<KernelRoute[]> {
  const [v4, v6] = await Promise.all([
    ipJSON<IpRoute>(['-4', 'route', 'show', 'table', 'all'], { signal }),
    ipJSON<IpRoute>(['-6', 'route', 'show', 'table', 'all'], { signal }),
  ]);
  return [...v4.map((r) => toStatus(r, 'inet4', index)), ...v6.map((r) => toStatus(r, 'inet6', index))];
}
