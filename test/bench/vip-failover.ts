// The shared VIP's failover, measured on three control planes in network namespaces (as the integration
// test builds them): after the holder crashes (agent and etcd killed, its NIC's addresses gone) and after
// a graceful stop, the time until another namespace holds the VIP (sampled every 10 ms). Baseline: what
// any etcd-lease election must wait out on this cluster: a key bound to a 2 s lease (kept alive once,
// then left) until etcd deletes it, seen by the same 10 ms polling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { applyAndConnect, connectAnswering, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { createLan, ipIn, type LanNode } from '../harness/netns-lan';
import { withNetwork } from '../harness/network-config';
import { VipWatch } from '../harness/vip-watch';
import { EtcdLeaseClient } from '../../src/etcd/lease-client';

export interface VipFailoverFigures {
  crashMs: number[];
  gracefulMs: number[];
  leaseExpiryMs: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function vipFailover(rounds: number): Promise<VipFailoverFigures> {
  const lan = createLan();
  const nodes: LanNode[] = [0, 1, 2].map(() => lan.addNode());
  const vip = `${lan.prefix}.100`;
  const dirs: string[] = [];
  const agents: Agent[] = [];
  const clients: TestClient[] = [];
  const figures: VipFailoverFigures = { crashMs: [], gracefulMs: [], leaseExpiryMs: [] };
  const watch = new VipWatch(
    nodes.map((n) => n.ns),
    vip,
    10,
  );
  try {
    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'vipbench', nodes[0]!.address);
    const config = withNetwork(g.controlPlane, { interfaces: [{ interface: 'eth0', vip: { ip: vip } }] });
    const stateDirs: string[] = [];
    for (const n of nodes) {
      const dir = await makeStateDir();
      dirs.push(dir);
      stateDirs.push(dir);
      const a = startAgent(n.address, dir, { netns: n.ns });
      agents.push(a);
      await a.waitReady();
      clients.push(await applyAndConnect(n.address, config, g.adminTLS));
    }
    await clients[0]!.unary('/machine.MachineService/Bootstrap', {});
    const holder = (): number => {
      const h = watch.samples.at(-1)?.holders ?? [];
      return h.length === 1 ? nodes.findIndex((n) => n.ns === h[0]) : -1;
    };
    const healthy = async (i: number): Promise<void> => {
      await eventually(async () => {
        const list = await clients[i]!.unary<{
          messages: { services: { id: string; state: string; health: { healthy: boolean } }[] }[];
        }>('/machine.MachineService/ServiceList', {});
        const etcd = list.messages[0]!.services.find((s) => s.id === 'etcd');
        if (etcd?.state !== 'Running' || !etcd.health.healthy) throw new Error('etcd not healthy');
      }, 3000);
    };
    const restart = async (i: number): Promise<void> => {
      agents[i] = startAgent(nodes[i]!.address, stateDirs[i]!, { netns: nodes[i]!.ns });
      await agents[i].waitReady();
      clients[i]!.close();
      clients[i] = await eventually(() => connectAnswering(nodes[i]!.address, g.adminTLS));
      await healthy(i);
    };
    const takeover = async (owner: number, since: number): Promise<number> => {
      const s = await eventually(async () => {
        const x = watch.first(since, (y) => y.holders.length === 1 && y.holders[0] !== nodes[owner]!.ns);
        if (!x) throw new Error('not taken over');
        return x;
      }, 600);
      return s.at - since;
    };
    for (const i of [0, 1, 2]) await healthy(i);
    await eventually(async () => {
      if (holder() < 0) throw new Error('no holder');
    }, 600);
    for (let r = 0; r < rounds; r++) {
      let owner = holder();
      let t0 = Date.now();
      const stopping = agents[owner]!.stop();
      figures.gracefulMs.push(await takeover(owner, t0));
      await stopping;
      await restart(owner);

      owner = holder();
      t0 = Date.now();
      process.kill(-agents[owner]!.pid, 'SIGKILL');
      ipIn(nodes[owner]!.ns, 'address', 'flush', 'dev', 'eth0');
      ipIn(nodes[owner]!.ns, 'link', 'set', 'eth0', 'down');
      figures.crashMs.push(await takeover(owner, t0));
      await agents[owner]!.stop();
      ipIn(nodes[owner]!.ns, 'link', 'set', 'eth0', 'up');
      ipIn(nodes[owner]!.ns, 'address', 'add', `${nodes[owner]!.address}/24`, 'dev', 'eth0');
      await restart(owner);

      figures.leaseExpiryMs.push(await leaseExpiry(stateDirs[0]!, nodes[0]!.address));
    }
  } finally {
    await watch.stop();
    for (const c of clients) c.close();
    await Promise.all(agents.map((a) => a.stop()));
    lan.remove();
    for (const d of dirs) await removeDir(d);
  }
  return figures;
}

/** A key bound to a 2 s lease, kept alive once, then left: the time until etcd has deleted it. */
async function leaseExpiry(stateDir: string, address: string): Promise<number> {
  const pki = join(stateDir, 'system/secrets/etcd');
  const read = (f: string): string => readFileSync(join(pki, f), 'utf8');
  const etcd = new EtcdLeaseClient([`${address}:2379`], {
    ca: read('ca.crt'),
    cert: read('admin.crt'),
    key: read('admin.key'),
  });
  try {
    const key = `/bench/lease/${Date.now()}`;
    const { id } = await etcd.leaseGrant(2);
    await etcd.createIfAbsent(key, 'x', id);
    await etcd.leaseKeepAliveOnce(id);
    const t0 = Date.now();
    while (await etcd.getKey(key)) await sleep(10);
    return Date.now() - t0;
  } finally {
    etcd.close();
  }
}
