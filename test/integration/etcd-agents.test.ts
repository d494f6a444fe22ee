// Three control-plane agents on 127.0.0.2–4 form a real etcd cluster: one is bootstrapped, the other two
// join (learners, then promoted); every node lists three voters; a killed etcd is restarted by the
// supervisor; a node that leaves is removed; a snapshot restores a fresh single-node cluster.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient, type ClientTLS } from '../harness/client';
import { eventually } from '../harness/eventually';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { requireTool } from '../harness/tools';

const NODES = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
const FRESH = '127.0.0.5';

interface Member {
  id: string;
  hostname: string;
  is_learner: boolean;
}
interface ServiceInfo {
  id: string;
  state: string;
  health: { healthy: boolean };
  events: { events: { msg: string }[] };
}

describe('an etcd cluster of three agents', () => {
  const agents: Agent[] = [];
  const clients: TestClient[] = [];
  const dirs: string[] = [];
  const stateDirs: string[] = [];
  let tls: ClientTLS;

  const etcdService = async (c: TestClient): Promise<ServiceInfo | undefined> =>
    (
      await c.unary<{ messages: { services: ServiceInfo[] }[] }>('/machine.MachineService/ServiceList', {})
    ).messages[0]!.services.find((s) => s.id === 'etcd');
  const healthyEtcd = (c: TestClient) =>
    eventually(async () => {
      const s = await etcdService(c);
      if (s?.state !== 'Running' || !s.health.healthy) throw new Error(`etcd: ${JSON.stringify(s?.state)}`);
      return s;
    }, 1200);
  const members = async (c: TestClient): Promise<Member[]> =>
    (await c.unary<{ messages: { members: Member[] }[] }>('/machine.MachineService/EtcdMemberList', {}))
      .messages[0]!.members;

  async function start(address: string, config: Buffer, clientTLS: ClientTLS): Promise<TestClient> {
    const stateDir = await makeStateDir();
    dirs.push(stateDir);
    stateDirs.push(stateDir);
    const agent = startAgent(address, stateDir);
    agents.push(agent);
    await agent.waitReady();
    const c = await applyAndConnect(address, config, clientTLS);
    clients.push(c);
    return c;
  }

  beforeAll(async () => {
    requireTool('etcd');
    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'etcd', NODES[0]!);
    tls = g.adminTLS;
    for (const address of NODES) await start(address, g.controlPlane, tls);
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await Promise.all(agents.map((a) => a.stop()));
    for (const d of dirs) await removeDir(d);
  });

  it('bootstraps one node; the others join and every node lists three voters', async () => {
    await clients[0]!.unary('/machine.MachineService/Bootstrap', {});
    for (const c of clients) await healthyEtcd(c);
    for (const c of clients) {
      const list = await eventually(async () => {
        const m = await members(c);
        if (m.length !== 3 || m.some((x) => x.is_learner)) throw new Error(JSON.stringify(m));
        return m;
      }, 1200);
      expect(new Set(list.map((m) => m.hostname)).size).toBe(3);
    }
  }, 240_000);

  it('restarts a killed etcd, which becomes healthy again', async () => {
    const c = clients[1]!;
    const before = await etcdService(c);
    const pid = Number(
      /started with PID (\d+)/.exec(before!.events.events.map((e) => e.msg).join('\n'))?.[1],
    );
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await eventually(async () => {
      const s = await etcdService(c);
      const pids = [
        ...(s?.events.events ?? [])
          .map((e) => e.msg)
          .join('\n')
          .matchAll(/started with PID (\d+)/g),
      ];
      if (Number(pids.at(-1)?.[1]) === pid) throw new Error('not restarted yet');
    }, 300);
    await healthyEtcd(c);
    expect((await members(clients[0]!)).filter((m) => !m.is_learner)).toHaveLength(3);
  }, 180_000);

  it('a node that leaves the cluster is removed from it', async () => {
    await clients[2]!.unary('/machine.MachineService/EtcdLeaveCluster', {});
    const left = await eventually(async () => {
      const m = await members(clients[0]!);
      if (m.length !== 2) throw new Error(JSON.stringify(m));
      return m;
    });
    expect(left).toHaveLength(2);
  });

  it('a graceful reset removes the node from the cluster and brings it back in maintenance', async () => {
    const res = await clients[1]!.unary<{ messages: { actor_id: string }[] }>(
      '/machine.MachineService/Reset',
      {
        graceful: true,
        reboot: true,
      },
    );
    expect(res.messages[0]!.actor_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    const left = await eventually(async () => {
      const m = await members(clients[0]!);
      if (m.length !== 1) throw new Error(JSON.stringify(m));
      return m;
    }, 600);
    expect(left[0]!.is_learner).toBe(false);
    // maintenance again: an insecure client is served, the config is gone from the state directory
    await eventually(async () => {
      const c = new TestClient(NODES[1]!);
      try {
        await c.unary('/machine.MachineService/Version', {});
      } finally {
        c.close();
      }
    }, 300);
    expect(existsSync(join(stateDirs[1]!, 'config.yaml'))).toBe(false);
    expect(existsSync(join(stateDirs[1]!, 'var/lib/etcd'))).toBe(false);
  }, 180_000);

  it('a snapshot of the cluster recovers a fresh single-node cluster', async () => {
    const chunks = await clients[0]!.serverStream<{ bytes: Buffer }>(
      '/machine.MachineService/EtcdSnapshot',
      {},
    );
    const snapshot = Buffer.concat(chunks.map((c) => c.bytes));
    expect(snapshot.length).toBeGreaterThan(1024);

    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'fresh', FRESH);
    const fresh = await start(FRESH, g.controlPlane, g.adminTLS);
    await fresh.clientStream('/machine.MachineService/EtcdRecover', [{ bytes: snapshot }]);
    await fresh.unary('/machine.MachineService/Bootstrap', { recover_etcd: true });
    await healthyEtcd(fresh);
    const m = await eventually(async () => {
      const list = await members(fresh);
      if (list.length !== 1) throw new Error(JSON.stringify(list));
      return list;
    });
    expect(m[0]!.is_learner).toBe(false);
  }, 180_000);
});
