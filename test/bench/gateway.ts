// Benchmarks of apid as a gateway and of trustd's signing, each party in its own process:
// - one-to-many Version latency through an edge apid to 1, 2, 4 and 8 nodes, as a ratio to the
//   one-to-one latency (`node`) measured in the same rounds;
// - proxied unary Version calls/s (edge → node, 16 in flight) as a ratio to the same calls made to
//   the node directly;
// - trustd Certificate signatures/s over TLS (16 in flight) as a ratio to signing the same CSR
//   in-process (parse, verify, sign: the work alone, no TLS or gRPC).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { CERTIFICATE_PATH, parseCsr, signServerCertificate } from '../../src/apps/trustd/security-api';
import { apiSchema } from '../../src/grpc/api-schema';
import {
  createCertificateRequest,
  generateCA,
  generateKeyPairSync,
  issueCertificate,
  toNodeKeyPem,
  type CertAndKey,
} from '../../src/pki';
import { REPO } from '../harness/agent';

type Emit = (o: Record<string, unknown>) => void;

const EDGE = '127.0.0.140';
const NODES = Array.from({ length: 8 }, (_, i) => `127.0.0.${141 + i}`);
const TRUSTD = '127.0.0.150';
const VERSION = '/machine.MachineService/Version';
const methods = new Map(apiSchema().methods.map((m) => [m.path, m]));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function startChild(script: string, config: string): Promise<{ child: ChildProcess; ready: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'test/bench', script), config], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: REPO,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /ready (\S+)/.exec(out);
      if (m) resolve({ child, ready: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

function client(address: string, ca: CertAndKey, cert: CertAndKey): grpc.Client {
  return new grpc.Client(
    address,
    grpc.credentials.createSsl(
      Buffer.from(ca.certPem),
      Buffer.from(toNodeKeyPem(cert.keyPem)),
      Buffer.from(cert.certPem),
    ),
  );
}

function version(c: grpc.Client, md: grpc.Metadata): Promise<unknown> {
  const m = methods.get(VERSION)!;
  return new Promise((resolve, reject) =>
    c.makeUnaryRequest(VERSION, m.requestSerialize, m.responseDeserialize, {}, md, (err, res) =>
      err ? reject(err) : resolve(res),
    ),
  );
}

const routed = (kind: 'node' | 'nodes', targets: readonly string[]): grpc.Metadata => {
  const md = new grpc.Metadata();
  for (const t of targets) md.add(kind, t);
  return md;
};

/** Median latency (ms) of `calls` sequential calls. */
async function latency(c: grpc.Client, md: grpc.Metadata, calls: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await version(c, md);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Calls per second with 16 in flight for `seconds`. */
async function throughput(call: () => Promise<unknown>, seconds: number): Promise<number> {
  const loop = async (deadline: number): Promise<number> => {
    let n = 0;
    while (performance.now() < deadline) {
      await call();
      n++;
    }
    return n;
  };
  await Promise.all(Array.from({ length: 16 }, () => loop(performance.now() + 500)));
  const t0 = performance.now();
  const counts = await Promise.all(Array.from({ length: 16 }, () => loop(t0 + seconds * 1000)));
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - t0) / 1000);
}

export async function gatewayBench(emit: Emit, opts: { seconds: number; calls: number }): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'talos-ts-bench-gateway-'));
  const ca = await generateCA({ organizations: ['talos'] });
  const children: ChildProcess[] = [];
  const ports: Record<string, number> = {};
  try {
    const start = async (address: string, forwards: boolean): Promise<number> => {
      const server = await issueCertificate(ca, { ipAddresses: [address], extKeyUsage: 'server' });
      const impersonator = forwards
        ? await issueCertificate(ca, { organizations: ['os:impersonator'], extKeyUsage: 'client' })
        : undefined;
      const file = join(work, `${address}.json`);
      await writeFile(
        file,
        JSON.stringify({
          address,
          caPem: ca.certPem,
          server: { crt: server.certPem, key: server.keyPem },
          ...(impersonator ? { client: { crt: impersonator.certPem, key: impersonator.keyPem } } : {}),
          peers: ports,
        }),
      );
      const { child, ready } = await startChild('gateway-node.ts', file);
      children.push(child);
      return Number(ready);
    };
    for (const n of NODES) ports[n] = await start(n, false);
    const edgePort = await start(EDGE, true);
    const admin = await issueCertificate(ca, { organizations: ['os:admin'], extKeyUsage: 'client' });
    const viaEdge = client(`${EDGE}:${edgePort}`, ca, admin);
    const direct = client(`${NODES[0]}:${ports[NODES[0]!]}`, ca, admin);

    // latency: the one-to-one baseline and each fan-out width, alternated over three rounds
    const widths = [1, 2, 4, 8];
    const one: number[] = [];
    const many = new Map<number, number[]>(widths.map((w) => [w, []]));
    for (const w of widths) await latency(viaEdge, routed('nodes', NODES.slice(0, w)), 20); // warm-up
    await latency(viaEdge, routed('node', NODES.slice(0, 1)), 20);
    for (let round = 0; round < 3; round++) {
      one.push(await latency(viaEdge, routed('node', NODES.slice(0, 1)), opts.calls));
      for (const w of widths)
        many.get(w)!.push(await latency(viaEdge, routed('nodes', NODES.slice(0, w)), opts.calls));
    }
    for (const w of widths)
      emit({
        bench: 'apid.one_to_many.version_latency',
        nodes: w,
        ours_p50_ms: +median(many.get(w)!).toFixed(2),
        baseline_one_to_one_p50_ms: +median(one).toFixed(2),
        ratio: median(many.get(w)!) / median(one),
        calls_per_round: opts.calls,
        rounds: 3,
      });

    // throughput: proxied one-to-one against direct, alternated
    const proxied: number[] = [];
    const straight: number[] = [];
    const md = routed('node', NODES.slice(0, 1));
    for (let round = 0; round < 3; round++) {
      proxied.push(await throughput(() => version(viaEdge, md), opts.seconds));
      straight.push(await throughput(() => version(direct, new grpc.Metadata()), opts.seconds));
    }
    emit({
      bench: 'apid.proxied.version.unary',
      ours_per_s: Math.round(median(proxied)),
      baseline_direct_per_s: Math.round(median(straight)),
      ratio: median(proxied) / median(straight),
      seconds: opts.seconds,
      rounds: 3,
    });
    viaEdge.close();
    direct.close();
  } finally {
    await Promise.all(children.map(stopChild));
    await rm(work, { recursive: true, force: true });
  }
}

export async function trustdBench(emit: Emit, opts: { seconds: number }): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'talos-ts-bench-trustd-'));
  const ca = await generateCA({ organizations: ['talos'] });
  const token = 'benchb.0123456789abcdef';
  const file = join(work, 'trustd.json');
  await writeFile(file, JSON.stringify({ address: TRUSTD, ca: { crt: ca.certPem, key: ca.keyPem }, token }));
  const { child, ready } = await startChild('trustd-node.ts', file);
  try {
    const csr = Buffer.from(
      createCertificateRequest({
        key: generateKeyPairSync('ed25519').privateKey,
        commonName: 'talos-bench-worker',
        dnsNames: ['talos-bench-worker'],
        ipAddresses: ['10.5.0.9'],
      }),
    );
    const c = new grpc.Client(ready, grpc.credentials.createSsl(Buffer.from(ca.certPem)));
    const m = methods.get(CERTIFICATE_PATH)!;
    const md = new grpc.Metadata();
    md.set('token', token);
    const sign = (): Promise<unknown> =>
      new Promise((resolve, reject) =>
        c.makeUnaryRequest(
          CERTIFICATE_PATH,
          m.requestSerialize,
          m.responseDeserialize,
          { csr },
          md,
          (e, r) => (e ? reject(e) : resolve(r)),
        ),
      );
    const authority = { issuingCA: { crt: ca.certPem, key: ca.keyPem }, acceptedCAs: [ca.certPem] };
    const inProcess = async (): Promise<number> => {
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < opts.seconds * 1000) {
        signServerCertificate(parseCsr(csr), authority);
        n++;
        if (n % 64 === 0) await new Promise((r) => setImmediate(r));
      }
      return n / ((performance.now() - t0) / 1000);
    };
    const ours: number[] = [];
    const base: number[] = [];
    for (let round = 0; round < 3; round++) {
      ours.push(await throughput(sign, opts.seconds));
      base.push(await inProcess());
    }
    c.close();
    emit({
      bench: 'trustd.signatures',
      ours_per_s: Math.round(median(ours)),
      baseline_in_process_per_s: Math.round(median(base)),
      ratio: median(ours) / median(base),
      seconds: opts.seconds,
      rounds: 3,
      target_per_s_min: 1000,
    });
  } finally {
    await stopChild(child);
    await rm(work, { recursive: true, force: true });
  }
}
