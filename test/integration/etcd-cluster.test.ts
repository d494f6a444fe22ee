// A real etcd cluster on 127.0.0.51–53 driven by the etcd service's own steps (pre, runner, health) and
// the etcd API handlers, without the supervisor: bootstrap one member, join two as learners that get
// promoted, check membership from every member, forfeit leadership, leave, snapshot, and recover the
// snapshot into a fresh one-member cluster through EtcdRecover + Bootstrap(recover_etcd).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Metadata } from '@grpc/grpc-js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueEtcdCerts } from '../../src/secrets/etcd-certificates';
import { EtcdService, validateQuorum } from '../../services/etcd';
import { etcdBootstrapper } from '../../services/etcd-bootstrap';
import { etcdPaths } from '../../services/etcd-paths';
import { etcdLifecycleApi } from '../../src/apps/machined/api/etcd-lifecycle-api';
import { etcdApi } from '../../src/apps/machined/api/etcd-api';
import { localClient } from '../../src/etcd/local';
import { apiSchema } from '../../src/grpc/api-schema';
import type { CallContext, Implementation } from '../../src/grpc/handler';
import { generateCA } from '../../src/pki';
import { EtcdMemberDefinition, formatMemberID } from '../../src/resources/etcd/member';
import { EtcdSpecDefinition } from '../../src/resources/etcd/spec';
import { MachineTypeDefinition } from '../../src/resources/config/machine-type';
import { EtcdRootDefinition, type EtcdRootSpec } from '../../src/resources/secrets/etcd-root';
import { EtcdSecretsDefinition } from '../../src/resources/secrets/etcd-secrets';
import { MemoryState } from '../../src/state';
import { LogSources } from '../../src/system/logs';
import type { Runner, ServiceContext } from '../../src/system/service';
import { requireFile } from '../harness/tools';

const ETCD = process.env['TALOS_TS_ETCD_BIN'] ?? '/usr/bin/etcd';
const ETCDCTL = process.env['TALOS_TS_ETCDCTL_BIN'] ?? '/usr/bin/etcdctl';
const ADDRS = ['127.0.0.51', '127.0.0.52', '127.0.0.53'];
const run = promisify(execFile);
const logger = pino({ level: 'silent' });

interface Node {
  name: string;
  addr: string;
  rootDir: string;
  state: MemoryState;
  service: EtcdService;
  ctx: ServiceContext;
  runner?: Runner;
  running?: Promise<void>;
  api: Implementation<'machine.MachineService'>;
}

let base: string;
let root: EtcdRootSpec;
const nodes: Node[] = [];
const all: Node[] = [];

function callContext(): CallContext {
  return {
    method: '/machine.MachineService/Etcd',
    metadata: new Metadata(),
    roles: new Set(['os:admin']),
    signal: AbortSignal.timeout(120_000),
    peer: 'test',
  };
}

type AnyHandler = (req: unknown, ctx: CallContext, send?: (m: unknown) => Promise<void>) => Promise<unknown>;

async function call<T>(node: Node, method: string, req: unknown = {}): Promise<T> {
  const h = node.api[method as keyof Node['api']] as AnyHandler;
  const info = apiSchema().methods.find((m) => m.path === `/machine.MachineService/${method}`);
  if (!info) throw new Error(`no method ${method}`);
  if (!info.requestStream && !info.responseStream) return (await h(req, callContext())) as T;
  if (info.responseStream) {
    const out: unknown[] = [];
    await h(req, callContext(), (m) => {
      out.push(m);
      return Promise.resolve();
    });
    return out as T;
  }
  const reqs = req as unknown[];
  async function* gen(): AsyncIterable<unknown> {
    for (const r of reqs) yield await Promise.resolve(r);
  }
  return (await h(gen(), callContext())) as T;
}

async function makeNode(name: string, addr: string): Promise<Node> {
  const rootDir = await mkdtemp(join(base, `${name}-`));
  const state = new MemoryState();
  const certs = await issueEtcdCerts({ ca: root.etcdCA, hostname: name, domainname: '', addresses: [addr] });
  await state.create({
    namespace: 'config',
    type: MachineTypeDefinition.type,
    id: 'machine-type',
    spec: 'controlplane',
  });
  await state.create({ namespace: 'secrets', type: EtcdRootDefinition.type, id: 'etcd', spec: root });
  await state.create({ namespace: 'secrets', type: EtcdSecretsDefinition.type, id: 'etcd', spec: certs });
  // As the spec controller makes it without listen subnets: 0.0.0.0, which bindToAdvertised replaces.
  await state.create({
    namespace: 'etcd',
    type: EtcdSpecDefinition.type,
    id: 'etcd',
    spec: {
      name,
      advertisedAddresses: [addr],
      listenPeerAddresses: ['0.0.0.0'],
      listenClientAddresses: ['0.0.0.0'],
      image: '',
      extraArgs: {},
    },
  });
  await state.create({
    namespace: 'controlplane',
    type: 'Endpoints.kubernetes.talos.dev',
    id: 'kube-apiserver',
    spec: { addresses: ADDRS },
  });
  const service = new EtcdService({
    etcdBin: ETCD,
    etcdctlBin: ETCDCTL,
    bindToAdvertised: true,
    restartIntervalMs: 500,
    timing: {
      joinIntervalMs: 500,
      joinJitterMs: 100,
      promoteIntervalMs: 500,
      promoteJitterMs: 100,
      joinTotalMs: 90_000,
    },
  });
  const ctx: ServiceContext = { state, logs: new LogSources(), rootDir, logger };
  const node: Node = { name, addr, rootDir, state, service, ctx, api: {} };
  node.api = {
    ...etcdApi({ state, rootDir, stopEtcd: () => stop(node) }),
    ...etcdLifecycleApi({
      state,
      rootDir,
      bootstrap: etcdBootstrapper(service, { stop: () => stop(node), start: () => start(node) }, rootDir),
    }),
  };
  all.push(node);
  return node;
}

/** The service's pre step and runner, as the supervisor would run them; resolves once etcd is healthy. */
async function start(node: Node): Promise<void> {
  const signal = AbortSignal.timeout(120_000);
  await node.service.pre(node.ctx, signal);
  const runner = await node.service.runner(node.ctx);
  if (!runner) throw new Error('etcd runner skipped on a control plane node');
  node.runner = runner;
  await new Promise<void>((resolve, reject) => {
    node.running = runner.run(() => resolve());
    node.running.catch(reject);
  });
  const client = await localClient(node.state);
  try {
    for (let i = 0; ; i++) {
      try {
        await validateQuorum(client, signal);
        break;
      } catch (e: unknown) {
        if (i > 200) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    client.close();
  }
  // What etcd.MemberController writes once the service is healthy.
  const status = await call<{ messages: [{ member_status: { member_id: string } }] }>(node, 'EtcdStatus');
  await node.state.modify({ namespace: 'etcd', type: EtcdMemberDefinition.type, id: 'local' }, () => ({
    memberID: formatMemberID(status.messages[0].member_status.member_id),
  }));
}

async function stop(node: Node): Promise<void> {
  await node.runner?.stop();
  await node.running?.catch(() => undefined);
  await node.service.post();
  node.runner = undefined;
}

interface MemberList {
  messages: [{ members: Array<{ id: string; hostname: string; is_learner: boolean; peer_urls: string[] }> }];
}

const etcdctl = (node: Node, ...args: string[]): Promise<{ stdout: string }> => {
  const p = etcdPaths(node.rootDir);
  return run(
    ETCDCTL,
    [
      `--endpoints=https://${node.addr}:2379`,
      `--cacert=${p.caCert}`,
      `--cert=${p.adminCert}`,
      `--key=${p.adminKey}`,
      ...args,
    ],
    { env: { ...process.env, ETCDCTL_API: '3' } },
  );
};

describe('etcd cluster lifecycle (real etcd)', () => {
  beforeAll(async () => {
    requireFile(ETCD, 'etcd-server');
    requireFile(ETCDCTL, 'etcd-client');
    base = await mkdtemp(join(tmpdir(), 'talos-ts-etcd-'));
    const ca = await generateCA({ organizations: ['etcd'], keyAlgorithm: 'ecdsa-p256' });
    root = { etcdCA: { crt: ca.certPem, key: ca.keyPem } };
    for (const [i, addr] of ADDRS.entries()) nodes.push(await makeNode(`etcd-node-${i + 1}`, addr));
  });

  afterAll(async () => {
    if (process.env['ETCD_TEST_DEBUG'])
      for (const n of all)
        console.log(n.name, (n.ctx.logs.get('etcd')?.tail(40) ?? []).map((b) => b.toString()).join(''));
    for (const n of all) await stop(n).catch(() => undefined);
    await rm(base, { recursive: true, force: true });
  });

  it('bootstraps the first member as a new cluster listening on its own address only', async () => {
    const [n1] = nodes as [Node];
    await call(n1, 'Bootstrap', { recover_etcd: false });
    expect(n1.service.lastArgs).toContain('--initial-cluster-state=new');
    expect(n1.service.lastArgs).toContain(`--initial-cluster=etcd-node-1=https://127.0.0.51:2380`);
    expect(n1.service.lastArgs).toContain('--listen-client-urls=https://127.0.0.51:2379');
    expect(n1.service.lastArgs.join(' ')).not.toContain('0.0.0.0');
    await expect(call(n1, 'Bootstrap', {})).rejects.toMatchObject({
      code: 6,
      message: 'etcd data directory is not empty',
    });
  }, 60_000);

  it('joins two more members as learners and promotes them', async () => {
    const [, n2, n3] = nodes as [Node, Node, Node];
    await start(n2);
    expect(n2.service.lastArgs).toContain('--initial-cluster-state=existing');
    expect(n2.service.lastArgs.find((a) => a.startsWith('--initial-cluster='))).toContain('etcd-node-1=');
    await start(n3);
    for (const n of nodes) {
      await waitFor(async () => {
        const list = await call<MemberList>(n, 'EtcdMemberList', { query_local: true });
        const members = list.messages[0].members;
        expect(members.map((m) => m.hostname).sort()).toEqual(['etcd-node-1', 'etcd-node-2', 'etcd-node-3']);
        expect(members.every((m) => !m.is_learner)).toBe(true);
      });
    }
  }, 120_000);

  it('reports status, alarms and defragments', async () => {
    const leaders = new Set<string>();
    for (const n of nodes) {
      const st = await call<{ messages: [{ member_status: Record<string, unknown> }] }>(n, 'EtcdStatus');
      const s = st.messages[0].member_status;
      expect(s['storage_version']).toBe('3.4.0');
      expect(s['is_learner']).toBe(false);
      leaders.add(String(s['leader']));
    }
    expect(leaders.size).toBe(1);
    const alarms = await call<{ messages: [{ member_alarms: unknown[] }] }>(nodes[0]!, 'EtcdAlarmList');
    expect(alarms.messages[0].member_alarms).toEqual([]);
    await call(nodes[1]!, 'EtcdDefragment');
  }, 60_000);

  it('forfeits leadership from the leader to another member', async () => {
    const st = await call<{ messages: [{ member_status: { leader: string } }] }>(nodes[0]!, 'EtcdStatus');
    const leaderID = formatMemberID(st.messages[0].member_status.leader);
    let leader: Node | undefined;
    for (const n of nodes) {
      const m = await n.state.get<{ memberID: string }>({
        namespace: 'etcd',
        type: EtcdMemberDefinition.type,
        id: 'local',
      });
      if (m.spec.memberID === leaderID) leader = n;
    }
    expect(leader).toBeDefined();
    const res = await call<{ messages: [{ member: string }] }>(leader!, 'EtcdForfeitLeadership');
    expect(res.messages[0].member).not.toBe('');
    expect(res.messages[0].member).not.toBe(leader!.name);
    await waitFor(async () => {
      const after = await call<{ messages: [{ member_status: { leader: string } }] }>(
        nodes[0]!,
        'EtcdStatus',
      );
      expect(formatMemberID(after.messages[0].member_status.leader)).not.toBe(leaderID);
    });
  }, 60_000);

  it('removes a member: unknown ids are NotFound, EtcdLeaveCluster leaves and wipes the data', async () => {
    const [n1, , n3] = nodes as [Node, Node, Node];
    await expect(call(n1, 'EtcdRemoveMemberByID', { member_id: '12345' })).rejects.toMatchObject({
      code: 5,
      message: 'failed to remove member 12345: etcdserver: member not found',
    });
    // The cluster may still be electing a leader after the previous test's leader forfeited (a member
    // cannot be removed meanwhile: "etcdserver: no leader").
    await waitFor(async () => {
      await etcdctl(n1, 'put', 'talos-ts/leave-test', 'leader');
    });
    // A put can pass and the leader still step down right after on a loaded machine (CI saw "no leader"
    // here): only that answer is retried; any other error fails the test.
    await waitFor(async () => {
      try {
        await call(n3, 'EtcdLeaveCluster');
      } catch (e: unknown) {
        if (!/no leader/.test(String((e as Error).message))) throw Object.assign(e as Error, { fatal: true });
        throw e;
      }
    });
    expect(existsSync(etcdPaths(n3.rootDir).dataDir)).toBe(false);
    const list = await call<MemberList>(n1, 'EtcdMemberList', { query_local: true });
    expect(list.messages[0].members.map((m) => m.hostname).sort()).toEqual(['etcd-node-1', 'etcd-node-2']);
  }, 120_000);

  it('takes a snapshot and recovers it into a fresh one-member cluster', async () => {
    const [n1] = nodes as [Node];
    // The cluster may still be electing a leader after the previous leader left.
    await waitFor(async () => {
      await etcdctl(n1, 'put', 'talos-ts/snapshot-test', 'kept');
    });
    const chunks = await call<Array<{ bytes: Buffer }>>(n1, 'EtcdSnapshot');
    const total = chunks.reduce((s, c) => s + c.bytes.length, 0);
    expect(total).toBeGreaterThan(1000);

    const fresh = await makeNode('etcd-recovered', '127.0.0.53');
    await mkdir(join(fresh.rootDir, 'var/lib'), { recursive: true });
    await call(fresh, 'EtcdRecover', chunks);
    await call(fresh, 'Bootstrap', { recover_etcd: true, recover_skip_hash_check: false });
    expect(existsSync(etcdPaths(fresh.rootDir).recoverySnapshot)).toBe(false);
    expect(await readdir(etcdPaths(fresh.rootDir).dataDir)).toContain('member');
    const list = await call<MemberList>(fresh, 'EtcdMemberList', { query_local: true });
    expect(list.messages[0].members.map((m) => [m.hostname, m.peer_urls])).toEqual([
      ['etcd-recovered', ['https://127.0.0.53:2380']],
    ]);
    const got = await etcdctl(fresh, 'get', '--print-value-only', 'talos-ts/snapshot-test');
    expect(got.stdout.trim()).toBe('kept');
  }, 120_000);
});

async function waitFor(fn: () => Promise<void>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (e: unknown) {
      if (Date.now() > deadline || (e as { fatal?: boolean }).fatal) throw e;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}
