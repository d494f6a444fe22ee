// The network of a local cluster, in network namespaces the command creates (as Talos's docker
// provisioner makes a bridge network): a namespace holding the bridge `br0`; one namespace per node,
// its `eth0` a veth pair's end with the node's address and a default route to the gateway, the other end
// on the bridge; and one veth pair from the host's namespace to the bridge whose host end holds the
// gateway address (the first of the CIDR), so talosctl on the host reaches every node's API, as it
// reaches Talos's containers through the docker bridge. Nothing else of the host changes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

export class ClusterNetworkError extends Error {
  override name = 'ClusterNetworkError';
}

const ip = (...args: string[]): string => {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e: unknown) {
    const err = (e as { stderr?: string; code?: string }).stderr?.trim();
    if ((e as { code?: string }).code === 'ENOENT') throw new ClusterNetworkError('ip is missing (iproute2)');
    throw new ClusterNetworkError(`ip ${args.join(' ')}: ${err || 'failed'}`);
  }
};

export interface Cidr {
  readonly base: number;
  readonly bits: number;
}

const toInt = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
export const toAddress = (n: number): string =>
  [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

/** `a.b.c.d/n` (IPv4; the host part must be zero, as Go's net.ParseCIDR network). */
export function parseCidr(text: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 30 || Number(m[5]) < 8)
    throw new ClusterNetworkError(
      `--cidr ${JSON.stringify(text)}: an IPv4 network a.b.c.d/n with 8 ≤ n ≤ 30`,
    );
  const bits = Number(m[5]);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  const base = (toInt(m.slice(1, 5).join('.')) & mask) >>> 0;
  return { base, bits };
}

/** The n-th address of the network (1: the gateway, 2…: the nodes, as Talos numbers them). */
export function nthAddress(cidr: Cidr, n: number): string {
  if (n >= 2 ** (32 - cidr.bits) - 1)
    throw new ClusterNetworkError(`the network /${cidr.bits} is too small for ${n - 1} nodes`);
  return toAddress(cidr.base + n);
}

const overlaps = (a: Cidr, b: Cidr): boolean => {
  const bits = Math.min(a.bits, b.bits);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (a.base & mask) >>> 0 === (b.base & mask) >>> 0;
};

/** A route or address of the host that overlaps `cidr`, if any (the default route does not count). */
export function hostOverlap(cidr: Cidr): string | undefined {
  const routes = JSON.parse(ip('-4', '-json', 'route', 'show', 'table', 'all') || '[]') as { dst?: string }[];
  for (const r of routes) {
    if (!r.dst || r.dst === 'default') continue;
    const dst = r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    const m = /^([\d.]+)\/(\d+)$/.exec(dst);
    if (!m || m[1]!.startsWith('127.') || m[1] === '0.0.0.0') continue;
    const bits = Number(m[2]);
    if (bits === 0) continue;
    const mask = (~0 << (32 - bits)) >>> 0;
    if (overlaps(cidr, { base: (toInt(m[1]!) & mask) >>> 0, bits })) return dst;
  }
  return undefined;
}

/** Short, stable interface names for a cluster (a link name has at most 15 characters). */
export function hostLinkName(cluster: string): string {
  return `tts${createHash('sha256').update(cluster).digest('hex').slice(0, 8)}`;
}

export const bridgeNamespace = (cluster: string): string => `talos-ts-${cluster}`;
export const nodeNamespace = (cluster: string, node: string): string => `talos-ts-${cluster}-${node}`;

export const namespaceExists = (ns: string): boolean =>
  ip('netns', 'list')
    .split('\n')
    .some((l) => l.split(' ')[0] === ns);

/** Creates the bridge namespace and the host's link to it (gateway address on the host end). */
export function createBridge(cluster: string, cidr: Cidr, mtu: number): { netns: string; hostLink: string } {
  const netns = bridgeNamespace(cluster);
  const hostLink = hostLinkName(cluster);
  ip('netns', 'add', netns);
  ip('-n', netns, 'link', 'set', 'lo', 'up');
  ip('-n', netns, 'link', 'add', 'br0', 'mtu', String(mtu), 'type', 'bridge');
  ip('-n', netns, 'link', 'set', 'br0', 'up');
  ip('link', 'add', hostLink, 'mtu', String(mtu), 'type', 'veth', 'peer', 'name', 'host0', 'netns', netns);
  ip('-n', netns, 'link', 'set', 'host0', 'master', 'br0', 'up');
  ip('address', 'add', `${nthAddress(cidr, 1)}/${cidr.bits}`, 'dev', hostLink);
  ip('link', 'set', hostLink, 'up');
  return { netns, hostLink };
}

/** Creates a node's namespace on the bridge: eth0 with `address`, default route via the gateway. */
export function createNodeNetwork(
  cluster: string,
  node: string,
  index: number,
  cidr: Cidr,
  address: string,
  mtu: number,
): string {
  const netns = nodeNamespace(cluster, node);
  const bridge = bridgeNamespace(cluster);
  ip('netns', 'add', netns);
  ip('-n', netns, 'link', 'set', 'lo', 'up');
  const port = `node${index}`;
  ip(
    '-n',
    netns,
    'link',
    'add',
    'eth0',
    'mtu',
    String(mtu),
    'type',
    'veth',
    'peer',
    'name',
    port,
    'netns',
    bridge,
  );
  ip('-n', bridge, 'link', 'set', port, 'master', 'br0', 'up');
  ip('-n', netns, 'address', 'add', `${address}/${cidr.bits}`, 'dev', 'eth0');
  ip('-n', netns, 'link', 'set', 'eth0', 'up');
  ip('-n', netns, 'route', 'add', 'default', 'via', nthAddress(cidr, 1));
  return netns;
}

/** Removes a namespace (its links go with it); one already gone is fine. */
export function removeNamespace(ns: string): void {
  if (namespaceExists(ns)) ip('netns', 'del', ns);
}

/** Removes the host's link (gone already when its peer's namespace was removed). */
export function removeHostLink(link: string): void {
  const links = JSON.parse(ip('-json', 'link', 'show') || '[]') as { ifname: string }[];
  if (links.some((l) => l.ifname === link)) ip('link', 'del', link);
}

export const hostLinkExists = (link: string): boolean =>
  (JSON.parse(ip('-json', 'link', 'show') || '[]') as { ifname: string }[]).some((l) => l.ifname === link);
