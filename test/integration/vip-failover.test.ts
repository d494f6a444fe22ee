// The shared layer-2 VIP: three control planes, each in a network namespace of its own on one bridge,
// etcd bootstrapped on the first. Exactly one holds the VIP (an observer in a fourth namespace gets ARP
// answers from that node's MAC only); when the holder crashes (agent and etcd killed, its NIC gone) another
// takes the VIP over and announces it with gratuitous ARP; a graceful stop hands it over too (first, and
// the stopped node comes back, so that etcd keeps its quorum through the crash). Every 50 ms
// the three namespaces are sampled: never do two hold the VIP. The failover times are printed (the bench
// measures them: test/bench/vip-failover.ts).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient, type ClientTLS } from '../harness/client';
import { applyAndConnect, connectAnswering, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { createLan, ipIn, ipJSONIn, spawnIn, type Lan, type LanNode } from '../harness/netns-lan';
import { withNetwork } from '../harness/network-config';
import { requireRoot, requireTools } from '../harness/tools';
import { VipWatch } from '../harness/vip-watch';

const macOf = (ns: string): string =>
  ipJSONIn<{ address: string }>(ns, 'link', 'show', 'eth0')[0]?.address ?? '';

/** The MACs that answer an ARP request for `ip` from the observer (one round, bounded). */
function arpAnswers(observer: string, ip: string): string[] {
  let out: string;
  try {
    out = execFileSync('ip', ['netns', 'exec', observer, 'arping', '-c', '2', '-w', '2', '-I', 'eth0', ip], {
      encoding: 'utf8',
    });
  } catch (e: unknown) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  return [...new Set([...out.matchAll(/\[([0-9A-Fa-f:]{17})\]/g)].map((m) => (m[1] ?? '').toLowerCase()))];
}

describe('the shared VIP of three control planes', () => {
  let lan: Lan;
  let observer: LanNode;
  let vip: string;
  const nodes: LanNode[] = [];
  const agents: Agent[] = [];
  const clients: TestClient[] = [];
  const dirs: string[] = [];
  const stateDirs: string[] = [];
  let tls: ClientTLS;
  let watch: VipWatch;
  let arpLog: { child: ChildProcess; output: () => string } | undefined;

  const holderIndex = (): number => {
    const holders = watch.samples.at(-1)?.holders ?? [];
    return holders.length === 1 ? nodes.findIndex((n) => n.ns === holders[0]) : -1;
  };

  beforeAll(async () => {
    requireRoot('network namespaces');
    requireTools('ip', 'etcd', 'arping', 'tcpdump');
    lan = createLan();
    for (let i = 0; i < 3; i++) nodes.push(lan.addNode());
    observer = lan.addNode();
    vip = `${lan.prefix}.100`;
    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'vip', nodes[0]!.address);
    tls = g.adminTLS;
    const config = withNetwork(g.controlPlane, { interfaces: [{ interface: 'eth0', vip: { ip: vip } }] });
    for (const n of nodes) {
      const stateDir = await makeStateDir();
      dirs.push(stateDir);
      stateDirs.push(stateDir);
      const agent = startAgent(n.address, stateDir, { netns: n.ns });
      agents.push(agent);
      await agent.waitReady();
      clients.push(await applyAndConnect(n.address, config, g.adminTLS));
    }
    watch = new VipWatch(
      nodes.map((n) => n.ns),
      vip,
    );
  }, 180_000);

  afterAll(async () => {
    // For a look at a failed run: the agents' logs, where TALOS_TS_AGENT_LOG says.
    const logPath = process.env['TALOS_TS_AGENT_LOG'];
    if (logPath) writeFileSync(logPath, agents.map((a, i) => `==== node ${i}\n${a.output()}`).join('\n'));
    await watch?.stop();
    arpLog?.child.kill();
    for (const c of clients) c.close();
    await Promise.all(agents.map((a) => a.stop()));
    lan?.remove();
    for (const d of dirs) await removeDir(d);
  });

  it('holds no VIP before etcd is bootstrapped, then exactly one node holds it and answers ARP for it', async () => {
    await new Promise((r) => setTimeout(r, 3000));
    expect(watch.samples.every((s) => s.holders.length === 0)).toBe(true);
    await clients[0]!.unary('/machine.MachineService/Bootstrap', {});
    const owner = await eventually(async () => {
      const i = holderIndex();
      if (i < 0) throw new Error('no single holder yet');
      return i;
    }, 1800);
    const answers = await eventually(async () => {
      const macs = arpAnswers(observer.ns, vip);
      if (macs.length === 0) throw new Error('no ARP answer');
      return macs;
    }, 50);
    expect(answers).toEqual([macOf(nodes[owner]!.ns)]);
  }, 240_000);

  it('moves to another node when the holder stops gracefully, and the stopped node comes back', async () => {
    // Every member must be up first: etcd keeps quorum with one of three gone.
    await eventually(async () => {
      const m = await clients[(holderIndex() + 1) % 3]!.unary<{
        messages: { members: { is_learner: boolean }[] }[];
      }>('/machine.MachineService/EtcdMemberList', {});
      if (m.messages[0]!.members.filter((x) => !x.is_learner).length !== 3) throw new Error('not 3 voters');
    }, 1800);
    const owner = holderIndex();
    expect(owner).toBeGreaterThanOrEqual(0);
    const stopped = Date.now();
    const stopping = agents[owner]!.stop();
    const taken = await eventually(async () => {
      const s = watch.first(stopped, (x) => x.holders.length === 1 && x.holders[0] !== nodes[owner]!.ns);
      if (!s) throw new Error('not taken over yet');
      return s;
    }, 300);
    console.log(`VIP failover after a graceful stop: ${taken.at - stopped} ms`);
    await stopping;
    // Back with its state: etcd keeps three members, so a crash next still leaves a quorum.
    const agent = startAgent(nodes[owner]!.address, stateDirs[owner]!, { netns: nodes[owner]!.ns });
    agents[owner] = agent;
    await agent.waitReady();
    clients[owner]!.close();
    clients[owner] = await eventually(() => connectAnswering(nodes[owner]!.address, tls));
    await eventually(async () => {
      const list = await clients[owner]!.unary<{
        messages: { services: { id: string; state: string; health: { healthy: boolean } }[] }[];
      }>('/machine.MachineService/ServiceList', {});
      const etcd = list.messages[0]!.services.find((x) => x.id === 'etcd');
      if (etcd?.state !== 'Running' || !etcd.health.healthy) throw new Error('etcd not healthy yet');
    }, 1800);
  }, 240_000);

  it('moves to another node when the holder crashes, announced with gratuitous ARP', async () => {
    const owner = holderIndex();
    expect(owner).toBeGreaterThanOrEqual(0);
    arpLog = spawnIn(observer.ns, ['tcpdump', '-l', '-n', '-e', '-i', 'eth0', 'arp']);
    await new Promise((r) => setTimeout(r, 1000));
    const crashed = Date.now();
    process.kill(-agents[owner]!.pid, 'SIGKILL'); // the agent and its etcd
    ipIn(nodes[owner]!.ns, 'link', 'del', 'eth0'); // and the machine's NIC
    const taken = await eventually(async () => {
      const s = watch.first(crashed, (x) => x.holders.length === 1 && x.holders[0] !== nodes[owner]!.ns);
      if (!s) throw new Error('not taken over yet');
      return s;
    }, 300);
    const next = nodes.findIndex((n) => n.ns === taken.holders[0]);
    console.log(`VIP failover after a crash: ${taken.at - crashed} ms`);
    const mac = macOf(nodes[next]!.ns);
    await eventually(async () => {
      expect(arpLog!.output()).toMatch(
        new RegExp(
          `${mac}.*Request who-has ${vip.replaceAll('.', '\\.')} .*tell ${vip.replaceAll('.', '\\.')}`,
          'i',
        ),
      );
    }, 50);
    expect(arpAnswers(observer.ns, vip)).toEqual([mac]);
  }, 120_000);

  it('never had two holders at any sampled moment', () => {
    expect(watch.samples.length).toBeGreaterThan(100);
    expect(watch.conflicts()).toEqual([]);
  });
});
