// Benchmarks (npm run bench): each figure is a ratio against a baseline measured in the same run
// on the same machine, printed as one JSON object per line. Nothing here fails on timing.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { parse, parseAllDocuments } from 'yaml';
import { BIN, REPO, handshake, makeStateDir, startAgent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { issueCertificate, toNodeKeyPem } from '../../src/pki';
import { applyToManifest, percentile } from './apply-to-manifest';
import { directStart, supervisedStart } from './service-start';
import { emitterFanout, storeFanout } from './watch-fanout';
import { networkApply } from './network-apply';
import { vipFailover } from './vip-failover';
import { gatewayBench, trustdBench } from './gateway';
import { kernelViewsBench } from './kernel-views';
import { followLoadBench } from './follow-load';
import { clusterCreateBench } from './cluster-create';

const HOST_AGENT = '127.0.0.41';
const HOST_BASE = '127.0.0.42';
const HOST_ETCD = '127.0.0.43';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** How long a process sits idle before its RSS is read (V8's memory reducer runs after ~8 s idle). */
const IDLE_MS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 10) * 1000;
const APPLIES = Number(process.env['BENCH_APPLIES'] ?? 100);
const WATCH_EVENTS = Number(process.env['BENCH_WATCH_EVENTS'] ?? 20_000);
/** Sequential calls per round of the gateway latency figures. */
const GATEWAY_CALLS = Number(process.env['BENCH_GATEWAY_CALLS'] ?? 200);
/** Sequential calls per round of the kernel-view figures (Memory, Processes, SystemStat). */
const KERNEL_CALLS = Number(process.env['BENCH_KERNEL_CALLS'] ?? 100);
/** Sequential calls per round of the follow-load figures (with and without 200 follow streams). */
const FOLLOW_CALLS = Number(process.env['BENCH_FOLLOW_CALLS'] ?? 200);
/** Rounds of the cluster create figures (each a bare-agents baseline and a create + destroy). */
const CLUSTER_RUNS = Number(process.env['BENCH_CLUSTER_RUNS'] ?? 3);
/** Sections to run (start, rss, unary, apply, etcd, service, watch, netapply, vip, gateway, trustd, kernel, follow, cluster); all when unset. */
const ONLY = process.env['BENCH_ONLY']?.split(',');
const want = (section: string): boolean => ONLY === undefined || ONLY.includes(section);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify(o));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMiB(pid: number): Promise<number> {
  return readFile(`/proc/${pid}/status`, 'utf8').then(
    (s) => Number(/VmRSS:\s+(\d+)/.exec(s)?.[1] ?? 0) / 1024,
  );
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function until(fn: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 4000; i++) {
    if (await fn()) return;
    await sleep(2);
  }
  throw new Error('not ready in time');
}

async function versionAnswers(
  address: string,
  tls: ConstructorParameters<typeof TestClient>[1],
): Promise<boolean> {
  const c = new TestClient(address, tls);
  try {
    await c.unary('/machine.MachineService/Version', {});
    return true;
  } catch {
    return false;
  } finally {
    c.close();
  }
}

interface Tls {
  caPem: string;
  certPem: string;
  keyPem: string;
}

async function main(): Promise<void> {
  // apid as a gateway and trustd's signing: their own processes, no agent.
  if (want('gateway')) await gatewayBench(emit, { seconds: SECONDS, calls: GATEWAY_CALLS });
  if (want('trustd')) await trustdBench(emit, { seconds: SECONDS });
  // Memory, Processes, SystemStat against reading the same /proc files directly: a maintenance agent.
  if (want('kernel')) await kernelViewsBench(emit, { calls: KERNEL_CALLS, rounds: RUNS });
  if (want('follow')) await followLoadBench(emit, { calls: FOLLOW_CALLS, rounds: RUNS });
  // `cluster create` for 1 and 3 control planes against as many bare agents in namespaces (needs root).
  if (want('cluster')) await clusterCreateBench(emit, { rounds: CLUSTER_RUNS });
  if (!['start', 'rss', 'unary', 'apply', 'etcd', 'service', 'netapply', 'vip', 'watch'].some(want)) return;
  const work = await mkdtemp(join(tmpdir(), 'talos-ts-bench-'));
  execFileSync(
    process.execPath,
    [BIN, 'gen', 'config', 'bench', `https://${HOST_AGENT}:6443`, '--output-dir', work],
    { stdio: 'pipe' },
  );
  const tc = parse(await readFile(join(work, 'talosconfig'), 'utf8')) as {
    contexts: Record<string, { ca: string; crt: string; key: string }>;
  };
  const ctx = Object.values(tc.contexts)[0]!;
  const b64 = (s: string) => Buffer.from(s, 'base64').toString();
  const admin: Tls = { caPem: b64(ctx.ca), certPem: b64(ctx.crt), keyPem: b64(ctx.key) };
  const cp = parseAllDocuments(await readFile(join(work, 'controlplane.yaml'), 'utf8'))[0]!.toJS() as {
    machine: { ca: { crt: string; key: string } };
  };
  const osCA = { certPem: b64(cp.machine.ca.crt), keyPem: b64(cp.machine.ca.key) };
  const server = await issueCertificate(osCA, {
    ipAddresses: [HOST_BASE],
    extKeyUsage: 'server',
    validityMs: 3600_000,
  });
  await writeFile(join(work, 'srv.crt'), server.certPem);
  await writeFile(join(work, 'srv.key'), toNodeKeyPem(server.keyPem));
  await writeFile(join(work, 'ca.crt'), osCA.certPem);

  // 1. Start to API ready: agent (first TLS handshake, then its first Version answer) vs a bare Node TLS
  //    server (first TLS handshake), both polled the same way.
  const ours: number[] = [];
  const oursTls: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < (want('start') ? RUNS : 0); i++) {
    const stateDir = await makeStateDir();
    let t0 = performance.now();
    const agent = startAgent(HOST_AGENT, stateDir);
    await until(() => handshake(HOST_AGENT, 50000));
    oursTls.push(performance.now() - t0);
    if (!(await versionAnswers(HOST_AGENT, {}))) throw new Error('agent did not answer Version');
    ours.push(performance.now() - t0);
    await agent.stop();
    await rm(stateDir, { recursive: true, force: true });

    t0 = performance.now();
    const bare = spawn(process.execPath, [
      join(REPO, 'test/bench/baseline-tls-server.mjs'),
      HOST_BASE,
      join(work, 'srv.crt'),
      join(work, 'srv.key'),
    ]);
    await until(() => handshake(HOST_BASE, 50000));
    base.push(performance.now() - t0);
    await stop(bare);
  }
  if (want('start'))
    emit({
      bench: 'agent.start_to_api_ready',
      ours_ms: median(ours),
      ours_first_handshake_ms: median(oursTls),
      baseline_ms: median(base),
      ratio: median(ours) / median(base),
      runs: RUNS,
      target_ratio_max: 1.5,
    });

  // 2. Idle RSS: maintenance, then configured; baseline: the bare TLS server.
  const stateDir = await makeStateDir();
  const agent = startAgent(HOST_AGENT, stateDir);
  await agent.waitReady();
  const idle = () => sleep(want('rss') ? IDLE_MS : 0);
  await idle();
  const pid = agent.pid;
  const rssMaintenance = await rssMiB(pid);
  const c = new TestClient(HOST_AGENT);
  await c.unary('/machine.MachineService/ApplyConfiguration', {
    data: await readFile(join(work, 'controlplane.yaml')),
    mode: 'AUTO',
  });
  c.close();
  await until(() => versionAnswers(HOST_AGENT, admin));
  await idle();
  const rssConfigured = await rssMiB(pid);
  const bare = spawn(process.execPath, [
    join(REPO, 'test/bench/baseline-tls-server.mjs'),
    HOST_BASE,
    join(work, 'srv.crt'),
    join(work, 'srv.key'),
  ]);
  await until(() => handshake(HOST_BASE, 50000));
  await idle();
  const rssBase = await rssMiB(bare.pid!);
  await stop(bare);
  if (want('rss')) {
    emit({
      bench: 'agent.idle_rss.maintenance',
      ours_mib: +rssMaintenance.toFixed(1),
      baseline_mib: +rssBase.toFixed(1),
      ratio: rssMaintenance / rssBase,
      idle_s: IDLE_MS / 1000,
    });
    emit({
      bench: 'agent.idle_rss.configured',
      ours_mib: +rssConfigured.toFixed(1),
      baseline_mib: +rssBase.toFixed(1),
      ratio: rssConfigured / rssBase,
      target_mib_max: 60,
      idle_s: IDLE_MS / 1000,
    });
  }

  // 3. Version over mTLS: calls per second against the agent and against a bare grpc-js server.
  if (want('unary')) await unaryBench(work, admin);

  // 4. No-reboot apply → re-rendered kube-apiserver manifest, against the dry-run round trip.
  if (want('apply')) {
    const client = new TestClient(HOST_AGENT, admin);
    const config = await readFile(join(work, 'controlplane.yaml'), 'utf8');
    const r = await applyToManifest(client, stateDir, config, APPLIES);
    client.close();
    emit({
      bench: 'controllers.apply_to_manifest',
      ours_p50_ms: +percentile(r.applyToManifestMs, 50).toFixed(1),
      ours_p99_ms: +percentile(r.applyToManifestMs, 99).toFixed(1),
      baseline_dry_run_p50_ms: +percentile(r.dryRunMs, 50).toFixed(1),
      baseline_dry_run_p99_ms: +percentile(r.dryRunMs, 99).toFixed(1),
      ratio_p50: percentile(r.applyToManifestMs, 50) / percentile(r.dryRunMs, 50),
      applies: APPLIES,
      target_p99_ms_max: 200,
    });
  }

  // 5. Bootstrap → etcd Running and healthy as ServiceList reports it (Talos's etcd health check: first
  //    after 5 s, then every 20 s), against the same etcd binary spawned directly until /health answers.
  if (want('etcd')) {
    const client = new TestClient(HOST_AGENT, admin);
    const t0 = performance.now();
    await client.unary('/machine.MachineService/Bootstrap', {});
    await until(async () => {
      const list = await client.unary<{
        messages: { services: { id: string; state: string; health: { healthy: boolean } }[] }[];
      }>('/machine.MachineService/ServiceList', {});
      const etcd = list.messages[0]?.services.find((s) => s.id === 'etcd');
      return etcd?.state === 'Running' && etcd.health.healthy;
    });
    const ours = performance.now() - t0;
    client.close();
    const direct = await directStart(HOST_ETCD);
    emit({
      bench: 'etcd.bootstrap_to_healthy',
      ours_ms: Math.round(ours),
      baseline_direct_etcd_ms: Math.round(direct),
      ratio: ours / direct,
      note: "ours includes Talos's 5 s initial health-check delay",
    });
  }

  await agent.stop();
  await rm(stateDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });

  // 6. The supervisor's own cost: etcd started as a service until healthy, against etcd spawned directly,
  //    both polling health every 10 ms; alternated runs.
  if (want('service')) {
    const ours = [];
    const base = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await supervisedStart(HOST_ETCD));
      base.push(await directStart(HOST_ETCD));
    }
    emit({
      bench: 'system.service_start_to_healthy',
      ours_ms: Math.round(median(ours)),
      baseline_direct_ms: Math.round(median(base)),
      ratio: median(ours) / median(base),
      runs: RUNS,
    });
  }

  // 8. No-reboot network apply → the kernel has the new address (an agent in a namespace of its own).
  if (want('netapply')) {
    const { oursMs, baseMs } = await networkApply(Math.min(APPLIES, 30));
    emit({
      bench: 'network.apply_no_reboot_to_kernel',
      ours_p50_ms: +percentile(oursMs, 50).toFixed(1),
      ours_p99_ms: +percentile(oursMs, 99).toFixed(1),
      baseline_p50_ms: +percentile(baseMs, 50).toFixed(1),
      ratio_p50: +(percentile(oursMs, 50) / percentile(baseMs, 50)).toFixed(2),
      applies: oursMs.length,
    });
  }

  // 9. The shared VIP's failover on three control planes in namespaces (crash and graceful stop).
  if (want('vip')) {
    const f = await vipFailover(Number(process.env['BENCH_VIP_ROUNDS'] ?? 3));
    emit({
      bench: 'vip.failover_after_crash',
      ours_median_ms: median(f.crashMs),
      ours_runs_ms: f.crashMs,
      baseline_lease_expiry_median_ms: median(f.leaseExpiryMs),
      ratio: +(median(f.crashMs) / median(f.leaseExpiryMs)).toFixed(2),
      target_ms: 2000,
    });
    emit({
      bench: 'vip.failover_after_graceful_stop',
      ours_median_ms: median(f.gracefulMs),
      ours_runs_ms: f.gracefulMs,
      baseline_lease_expiry_median_ms: median(f.leaseExpiryMs),
      ratio: +(median(f.gracefulMs) / median(f.leaseExpiryMs)).toFixed(2),
    });
  }

  // 7. Watch fan-out on the store: 100 watchers of one kind, against EventEmitter async iterators.
  if (want('watch')) {
    const ours = [];
    const base = [];
    for (let round = 0; round < 3; round++) {
      ours.push((await storeFanout(WATCH_EVENTS)).eventsPerSecond);
      base.push((await emitterFanout(WATCH_EVENTS)).eventsPerSecond);
    }
    emit({
      bench: 'state.watch_fanout_100',
      ours_events_per_s: Math.round(median(ours)),
      baseline_events_per_s: Math.round(median(base)),
      ratio: median(ours) / median(base),
      events: WATCH_EVENTS,
      watchers: 100,
      rounds: 3,
    });
  }
}

async function unaryBench(work: string, admin: Tls): Promise<void> {
  const baseSrv = spawn(
    process.execPath,
    [
      join(REPO, 'test/bench/baseline-grpc-server.mjs'),
      HOST_BASE,
      join(work, 'srv.crt'),
      join(work, 'srv.key'),
      join(work, 'ca.crt'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((r) => baseSrv.stdout?.once('data', r));
  // Alternate the two, three rounds each, so that load from elsewhere hits both alike.
  const oursRates: number[] = [];
  const baseRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    oursRates.push(await throughput(HOST_AGENT, admin));
    baseRates.push(await throughput(HOST_BASE, admin));
  }
  await stop(baseSrv);
  const oursRate = median(oursRates);
  const baseRate = median(baseRates);
  emit({
    bench: 'apid.version.unary',
    ours_per_s: Math.round(oursRate),
    baseline_per_s: Math.round(baseRate),
    ratio: oursRate / baseRate,
    seconds: SECONDS,
    rounds: 3,
    target_ratio_min: 0.7,
  });
}

/** Calls per second with 16 calls in flight on one channel, after a short warm-up. */
async function throughput(address: string, tls: Tls): Promise<number> {
  const c = new TestClient(address, tls);
  const end = (ms: number) => performance.now() + ms;
  const loop = async (deadline: number): Promise<number> => {
    let n = 0;
    while (performance.now() < deadline) {
      await c.unary('/machine.MachineService/Version', {}, new grpc.Metadata());
      n++;
    }
    return n;
  };
  await Promise.all(Array.from({ length: 16 }, () => loop(end(500))));
  const t0 = performance.now();
  const counts = await Promise.all(Array.from({ length: 16 }, () => loop(end(SECONDS * 1000))));
  const rate = counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000);
  c.close();
  return rate;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
