// `talos-ts cluster create` with the container provisioner: one control plane and one worker, each an
// agent in a node sandbox in a network namespace of its own on the cluster's bridge (all of them made by
// the command, on a 10.213.x.0/24 network this host does not route). Through the written talosconfig:
// both nodes answer Version through the control plane's apid, etcd has one member, the worker got its
// certificate from trustd. A taken name, an overlapping CIDR, bad flags and malformed patches are refused
// before anything is created; an interrupted create and `cluster destroy` leave nothing: no namespace,
// process, mount, cgroup, link or file.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import * as grpc from '@grpc/grpc-js';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNodeKeyPem } from '../../src/pki';
import { BIN } from '../harness/agent';
import { TestClient, type ClientTLS } from '../harness/client';
import {
  clusterName,
  freeSubnet,
  leftovers,
  namespacesOf,
  talosTs,
  type RecordedState,
  type Run,
} from '../harness/cluster';
import { requireRoot, requireTools } from '../harness/tools';

/** Asserts that nothing of the cluster is left on the host. */
function expectNothingLeft(name: string, dir: string, recorded: RecordedState | undefined): void {
  expect(leftovers(name, dir, recorded)).toEqual([]);
}

describe('talos-ts cluster create (container provisioner)', () => {
  let root: string;
  let name: string;
  let prefix: string;
  let talosconfig: string;
  let created: Run;
  let recorded: RecordedState;
  let tls: ClientTLS;
  let cp: string;
  let worker: string;
  let viaCp: TestClient;
  const common = (): string[] => ['--state', join(root, 'clusters'), '--talosconfig', talosconfig];

  beforeAll(async () => {
    requireRoot('network namespaces');
    requireTools('ip', 'etcd', 'mount');
    root = await mkdtemp(join(tmpdir(), 'talos-ts-cluster-'));
    talosconfig = join(root, 'talosconfig');
    name = clusterName();
    prefix = freeSubnet();
    created = await talosTs([
      'cluster',
      'create',
      '--name',
      name,
      '--controlplanes',
      '1',
      '--workers',
      '1',
      '--cidr',
      `${prefix}.0/24`,
      '--config-patch',
      'machine: {certSANs: [patched.example]}',
      '--wait-timeout',
      '4m',
      ...common(),
    ]);
    const stateFile = join(root, 'clusters', name, 'state.json');
    if (existsSync(stateFile)) recorded = JSON.parse(readFileSync(stateFile, 'utf8')) as RecordedState;
    const tc = parse(readFileSync(talosconfig, 'utf8')) as {
      context: string;
      contexts: Record<string, { endpoints: string[]; ca: string; crt: string; key: string }>;
    };
    const ctx = tc.contexts[name]!;
    const b64 = (s: string): string => Buffer.from(s, 'base64').toString();
    tls = { caPem: b64(ctx.ca), certPem: b64(ctx.crt), keyPem: b64(ctx.key) };
    cp = `${prefix}.2`;
    worker = `${prefix}.3`;
    viaCp = new TestClient(cp, tls);
  }, 360_000);

  afterAll(async () => {
    viaCp?.close();
    // a failed test still removes the cluster
    if (name && existsSync(join(root, 'clusters', name))) {
      const r = await talosTs(['cluster', 'destroy', '--name', name, '--state', join(root, 'clusters')]);
      // the nodes' state stays for a look when they could not be removed
      if (r.code !== 0) throw new Error(`cluster destroy failed, state kept in ${root}: ${r.stderr}`);
    }
    if (root) await rm(root, { recursive: true, force: true });
  }, 120_000);

  it('creates the cluster and merges a context named after it into the talosconfig', () => {
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain(`cluster ${name} is up in`);
    expect(recorded.nodes.map((n) => [n.name, n.address])).toEqual([
      [`${name}-controlplane-1`, cp],
      [`${name}-worker-1`, worker],
    ]);
    const tc = parse(readFileSync(talosconfig, 'utf8')) as {
      context: string;
      contexts: Record<string, { endpoints: string[] }>;
    };
    expect(tc.context).toBe(name);
    expect(tc.contexts[name]!.endpoints).toEqual([cp]);
    // the node sandboxes' namespaces: a bridge and one per node
    expect(namespacesOf(name).sort()).toEqual(
      [
        `talos-ts-${name}`,
        `talos-ts-${name}-${name}-controlplane-1`,
        `talos-ts-${name}-${name}-worker-1`,
      ].sort(),
    );
  });

  it('answers Version from both nodes through the control plane (the gateway to the worker)', async () => {
    const md = new grpc.Metadata();
    md.add('nodes', cp);
    md.add('nodes', worker);
    const res = await viaCp.unary<{ messages: { metadata: { hostname: string; error: string } }[] }>(
      '/machine.MachineService/Version',
      {},
      md,
    );
    expect(res.messages.map((m) => [m.metadata.hostname, m.metadata.error]).sort()).toEqual(
      [
        [cp, ''],
        [worker, ''],
      ].sort(),
    );
  });

  it('has bootstrapped etcd with one member, configs patched', async () => {
    const res = await viaCp.unary<{ messages: { members: { hostname: string }[] }[] }>(
      '/machine.MachineService/EtcdMemberList',
      {},
    );
    expect(res.messages[0]!.members).toHaveLength(1);
    expect(readFileSync(join(root, 'clusters', name, 'controlplane.yaml'), 'utf8')).toContain(
      'patched.example',
    );
  });

  it('gave the worker its apid certificate through trustd (signed by the OS CA it has no key of)', async () => {
    const workerLog = readFileSync(recorded.nodes[1]!.log, 'utf8');
    expect(workerLog).toContain('received apid certificate from trustd');
    const workerConfig = parseAllDocuments(
      readFileSync(join(root, 'clusters', name, 'worker.yaml'), 'utf8'),
    )[0]!.toJS() as {
      machine: { ca: { key: string } };
    };
    expect(workerConfig.machine.ca.key).toBe('');
    const authorized = await new Promise<boolean>((resolve, reject) => {
      const s = connect({
        host: worker,
        port: 50000,
        ca: tls.caPem,
        cert: tls.certPem,
        key: toNodeKeyPem(tls.keyPem!),
        ALPNProtocols: ['h2'],
        checkServerIdentity: () => undefined,
      });
      s.once('secureConnect', () => {
        resolve(s.authorized);
        s.destroy();
      });
      s.once('error', reject);
    });
    expect(authorized).toBe(true);
  });

  it('shows the cluster', async () => {
    const r = await talosTs(['cluster', 'show', '--name', name, '--state', join(root, 'clusters')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`${name}-controlplane-1\\s+controlplane\\s+${cp.replaceAll('.', '\\.')}\\s+running`),
    );
    expect(r.stdout).toMatch(
      new RegExp(`${name}-worker-1\\s+worker\\s+${worker.replaceAll('.', '\\.')}\\s+running`),
    );
  });

  it('refuses a taken name and an overlapping CIDR before creating anything', async () => {
    const taken = await talosTs([
      'cluster',
      'create',
      '--name',
      name,
      '--cidr',
      `${freeSubnet()}.0/24`,
      ...common(),
    ]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`error: cluster "${name}" already exists`);
    const other = `${name}x`;
    const overlap = await talosTs([
      'cluster',
      'create',
      '--name',
      other,
      '--cidr',
      `${prefix}.128/25`,
      ...common(),
    ]);
    expect(overlap.code).toBe(1);
    expect(overlap.stderr).toContain(`error: --cidr ${prefix}.128/25 overlaps ${prefix}.0/24`);
    expect(namespacesOf(other)).toEqual([]);
    expect(existsSync(join(root, 'clusters', other))).toBe(false);
    // the first cluster is untouched
    await viaCp.unary('/machine.MachineService/Version', {});
  });

  it('destroys the cluster: no namespace, process, mount, cgroup, link or file is left', async () => {
    const r = await talosTs(['cluster', 'destroy', '--name', name, '--state', join(root, 'clusters')]);
    expect(r.code, r.stderr).toBe(0);
    expectNothingLeft(name, join(root, 'clusters', name), recorded);
  }, 120_000);
});

describe('talos-ts cluster create: bad input and an interrupted create', () => {
  let root: string;
  beforeAll(async () => {
    requireRoot('network namespaces');
    root = await mkdtemp(join(tmpdir(), 'talos-ts-cluster-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.each([
    [['--workers', 'two'], 2, 'error: --workers must be a whole number ≥ 0, got "two"'],
    [['--controlplanes', '0'], 2, 'error: --controlplanes must be a whole number ≥ 1, got "0"'],
    [['--provisioner', 'docker'], 2, 'error: --provisioner "docker": container'],
    [['--frobnicate', '1'], 2, 'error: unknown flag --frobnicate'],
    [['--cidr', '10.5.0.0/33'], 1, 'error: --cidr "10.5.0.0/33": an IPv4 network'],
    [['--wait-timeout', 'soon'], 2, 'error: --wait-timeout: time: invalid duration "soon"'],
    [['--config-patch', 'machine: [unclosed'], 1, 'error: inline patch: '],
    [
      ['--config-patch', '@missing-patch.yaml'],
      1,
      'error: cannot read patch file missing-patch.yaml: ENOENT',
    ],
    [
      ['--config-patch-worker', '[{"op": "replace", "path": "/machine/type", "value": "worker"}]'],
      1,
      'error: the worker config: inline patch: JSON6902 patches are not supported for multi-document',
    ],
    [
      ['--config-patch-control-plane', '{"machine": {"type": "bogus"}}'],
      1,
      'error: the patched control plane config is not valid: ',
    ],
  ])('%j is refused (exit %i) and creates nothing', async (args, code, message) => {
    const name = clusterName();
    const r = await talosTs([
      'cluster',
      'create',
      '--name',
      name,
      '--state',
      join(root, 'clusters'),
      '--talosconfig',
      join(root, 'tc'),
      ...args,
    ]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toContain(message);
    expect(namespacesOf(name)).toEqual([]);
    expect(existsSync(join(root, 'clusters', name))).toBe(false);
    expect(existsSync(join(root, 'tc'))).toBe(false);
  });

  it('refuses to run without root, saying so, and creates nothing', async () => {
    const name = clusterName();
    const r = await new Promise<Run>((resolve) => {
      // as the unprivileged user nobody: the refusal comes before anything is read or made
      const args = ['cluster', 'create', '--name', name, '--state', join(root, 'clusters')];
      execFile(
        process.execPath,
        [BIN, ...args, '--talosconfig', join(root, 'tc')],
        { uid: 65534, gid: 65534 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error: the container provisioner needs root (it creates network namespaces, mounts and cgroups): run it as root, e.g. with sudo',
    );
    expect(namespacesOf(name)).toEqual([]);
    expect(existsSync(join(root, 'clusters', name))).toBe(false);
    expect(existsSync(join(root, 'tc'))).toBe(false);
  });

  it('cleans up after itself when interrupted (SIGINT) while the nodes start', async () => {
    requireTools('ip', 'etcd');
    const name = clusterName();
    const dir = join(root, 'clusters', name);
    const child = spawn(
      process.execPath,
      [
        BIN,
        'cluster',
        'create',
        '--name',
        name,
        '--cidr',
        `${freeSubnet()}.0/24`,
        '--state',
        join(root, 'clusters'),
        '--talosconfig',
        join(root, 'tc'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    let recorded: RecordedState | undefined;
    for (let i = 0; i < 600; i++) {
      try {
        const s = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as RecordedState & {
          nodes: { pid?: number }[];
        };
        if (s.nodes[0]?.pid !== undefined) {
          recorded = s;
          break;
        }
      } catch {
        // not written yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(recorded, stderr).toBeDefined();
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    expect(stderr).toContain('create failed, removing what was created');
    expectNothingLeft(name, dir, recorded);
    expect(existsSync(join(root, 'tc'))).toBe(false);
  }, 180_000);
});
