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

const HOST_AGENT = '127.0.0.41';
const HOST_BASE = '127.0.0.42';
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** How long a process sits idle before its RSS is read (V8's memory reducer runs after ~8 s idle). */
const IDLE_MS = Number(process.env['BENCH_IDLE_SECONDS'] ?? 10) * 1000;

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
  for (let i = 0; i < RUNS; i++) {
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
  await sleep(IDLE_MS);
  const pid = agent.pid;
  const rssMaintenance = await rssMiB(pid);
  const c = new TestClient(HOST_AGENT);
  await c.unary('/machine.MachineService/ApplyConfiguration', {
    data: await readFile(join(work, 'controlplane.yaml')),
    mode: 'AUTO',
  });
  c.close();
  await until(() => versionAnswers(HOST_AGENT, admin));
  await sleep(IDLE_MS);
  const rssConfigured = await rssMiB(pid);
  const bare = spawn(process.execPath, [
    join(REPO, 'test/bench/baseline-tls-server.mjs'),
    HOST_BASE,
    join(work, 'srv.crt'),
    join(work, 'srv.key'),
  ]);
  await until(() => handshake(HOST_BASE, 50000));
  await sleep(IDLE_MS);
  const rssBase = await rssMiB(bare.pid!);
  await stop(bare);
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

  // 3. Version over mTLS: calls per second against the agent and against a bare grpc-js server.
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

  await agent.stop();
  await rm(stateDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
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
