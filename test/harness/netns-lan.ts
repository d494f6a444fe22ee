// A small LAN of network namespaces that a test makes and removes: a switch namespace holding a bridge,
// one namespace per node joined to it by a veth pair (named eth0 in the node), and one veth from the
// test's own namespace so the test reaches the nodes' addresses. The subnet is picked among 10.213.x.0/24
// ones this machine does not route yet. Everything goes with `remove()`, also after a failure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';

export const ip = (...args: string[]): string =>
  execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
export const ipIn = (ns: string, ...args: string[]): string => ip('-n', ns, ...args);
export const ipJSONIn = <T = Record<string, unknown>>(ns: string, ...args: string[]): T[] =>
  JSON.parse(ipIn(ns, '-json', ...args) || '[]') as T[];

export interface LanNode {
  readonly ns: string;
  /** The node's address on eth0 (set before the agent starts, as a platform would). */
  readonly address: string;
}

export interface Lan {
  /** `10.213.x`: nodes are `.11`, `.12`…, the test's own end `.254`, the gateway `.1` (in the switch). */
  readonly prefix: string;
  readonly switchNs: string;
  readonly nodes: LanNode[];
  /**
   * Adds a node namespace on the bridge; `address` false leaves eth0 without an address. `spares` more
   * veth pairs stay inside the node (eth1/eth1p, eth2/eth2p…), links for bonds and bridges to take.
   */
  addNode(address?: boolean, spares?: number): LanNode;
  remove(): void;
}

function freeSubnet(): string {
  const routes = ip('-4', 'route', 'show', 'table', 'all');
  for (let i = 0; i < 50; i++) {
    const x = 1 + ((randomBytes(1)[0] ?? 0) % 250);
    if (!routes.includes(`10.213.${x}.`)) return `10.213.${x}`;
  }
  throw new Error('no free 10.213.x.0/24 subnet on this machine');
}

export function createLan(): Lan {
  const id = randomBytes(3).toString('hex');
  const prefix = freeSubnet();
  const switchNs = `tts-sw-${id}`;
  const nodes: LanNode[] = [];
  const created: string[] = [];
  const hostLink = `tth${id}`;
  const lan: Lan = {
    prefix,
    switchNs,
    nodes,
    addNode(address = true, spares = 0) {
      const n = nodes.length + 1;
      const ns = `tts-n${n}-${id}`;
      ip('netns', 'add', ns);
      created.push(ns);
      ip(
        'link',
        'add',
        `ttn${n}${id}`,
        'netns',
        ns,
        'type',
        'veth',
        'peer',
        'name',
        `tts${n}${id}`,
        'netns',
        switchNs,
      );
      ipIn(ns, 'link', 'set', `ttn${n}${id}`, 'name', 'eth0');
      ipIn(switchNs, 'link', 'set', `tts${n}${id}`, 'master', 'br0', 'up');
      ipIn(ns, 'link', 'set', 'lo', 'up');
      ipIn(ns, 'link', 'set', 'eth0', 'up');
      for (let i = 1; i <= spares; i++)
        ipIn(ns, 'link', 'add', `eth${i}`, 'type', 'veth', 'peer', 'name', `eth${i}p`);
      const node = { ns, address: `${prefix}.${10 + n}` };
      if (address) ipIn(ns, 'address', 'add', `${node.address}/24`, 'dev', 'eth0');
      nodes.push(node);
      return node;
    },
    remove() {
      for (const ns of [...created].reverse()) {
        try {
          ip('netns', 'del', ns);
        } catch {
          // already gone
        }
      }
      try {
        ip('link', 'del', hostLink);
      } catch {
        // went with the switch namespace
      }
    },
  };
  try {
    ip('netns', 'add', switchNs);
    created.push(switchNs);
    ipIn(switchNs, 'link', 'add', 'br0', 'type', 'bridge');
    ipIn(switchNs, 'link', 'set', 'br0', 'up');
    ipIn(switchNs, 'link', 'set', 'lo', 'up');
    ipIn(switchNs, 'address', 'add', `${prefix}.1/24`, 'dev', 'br0');
    ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', `tsh${id}`, 'netns', switchNs);
    ipIn(switchNs, 'link', 'set', `tsh${id}`, 'master', 'br0', 'up');
    ip('address', 'add', `${prefix}.254/24`, 'dev', hostLink);
    ip('link', 'set', hostLink, 'up');
  } catch (e: unknown) {
    lan.remove();
    throw e;
  }
  return lan;
}

/** Runs `argv` inside `ns` (`ip netns exec`), its own process group, output collected. */
export function spawnIn(ns: string, argv: readonly string[]): { child: ChildProcess; output: () => string } {
  let out = '';
  const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  return { child, output: () => out };
}

/** Whether this kernel can make links of `kind` (tried in a scratch namespace, removed at once). */
export function kernelCanCreate(kind: string, extra: readonly string[] = []): boolean {
  const ns = `tts-probe-${randomBytes(3).toString('hex')}`;
  ip('netns', 'add', ns);
  try {
    if (kind === 'vlan') {
      ipIn(ns, 'link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'p1');
      ipIn(ns, 'link', 'add', 'link', 'p0', 'name', 'p0.5', 'type', 'vlan', 'id', '5');
    } else ipIn(ns, 'link', 'add', 'probe0', 'type', kind, ...extra);
    return true;
  } catch {
    return false;
  } finally {
    ip('netns', 'del', ns);
  }
}
