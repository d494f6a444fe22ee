// Wall time of `talos-ts cluster create` (container provisioner, no worker) for 1 and 3 control planes,
// until the command returns: configs generated, namespaces and bridge made, the nodes booted configured,
// etcd bootstrapped on the first and healthy on every control plane with one voting member each, every
// node answering Version through the first. Then `cluster destroy`, timed too.
//
// Baseline, measured in the same run: the same number of bare agents placed as `cluster create` places
// them (a bridge namespace, one network namespace per node, each agent in a node sandbox) started in
// maintenance mode until each answers a TLS handshake on :50000. The ratio is what creating a cluster
// costs above getting its agents up: config generation, the configured boot, etcd's bootstrap and joins,
// and the health waits. Needs root, ip and etcd.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, makeStateDir, removeDir, startSandboxedAgent, type Agent } from '../harness/agent';
import { clusterName, freeSubnet } from '../harness/cluster';
import { createLan } from '../harness/netns-lan';

type Emit = (o: Record<string, unknown>) => void;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function talosTs(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 900_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`talos-ts ${args.slice(0, 2).join(' ')}: ${stderr}`)) : resolve(),
    );
  });
}

/** One `cluster create` and its `cluster destroy`, in milliseconds. */
async function createOnce(controlPlanes: number, root: string): Promise<{ create: number; destroy: number }> {
  const name = clusterName();
  const state = ['--state', join(root, 'clusters')];
  const t0 = performance.now();
  await talosTs([
    'cluster',
    'create',
    '--name',
    name,
    '--controlplanes',
    String(controlPlanes),
    '--workers',
    '0',
    '--cidr',
    `${freeSubnet()}.0/24`,
    '--wait-timeout',
    '10m',
    '--talosconfig',
    join(root, 'talosconfig'),
    ...state,
  ]);
  const created = performance.now();
  await talosTs(['cluster', 'destroy', '--name', name, ...state]);
  return { create: created - t0, destroy: performance.now() - created };
}

/** The same number of bare agents in namespaces and node sandboxes, until each answers TLS, in ms. */
async function bareAgentsOnce(count: number): Promise<number> {
  const agents: Agent[] = [];
  const dirs: string[] = [];
  const t0 = performance.now();
  const lan = createLan();
  try {
    for (let i = 0; i < count; i++) {
      const node = lan.addNode();
      const dir = await makeStateDir();
      dirs.push(dir);
      agents.push(await startSandboxedAgent(node.address, dir, { netns: node.ns }));
    }
    await Promise.all(agents.map((a) => a.waitReady()));
    return performance.now() - t0;
  } finally {
    await Promise.all(agents.map((a) => a.stop()));
    lan.remove();
    await Promise.all(dirs.map(removeDir));
  }
}

export async function clusterCreateBench(emit: Emit, opts: { rounds: number }): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('the cluster create bench needs root (network namespaces)');
  const root = await mkdtemp(join(tmpdir(), 'talos-ts-bench-cluster-'));
  try {
    for (const controlPlanes of [1, 3]) {
      const create: number[] = [];
      const destroy: number[] = [];
      const base: number[] = [];
      // alternated, so that load from elsewhere falls on both alike
      for (let r = 0; r < opts.rounds; r++) {
        base.push(await bareAgentsOnce(controlPlanes));
        const t = await createOnce(controlPlanes, root);
        create.push(t.create);
        destroy.push(t.destroy);
      }
      const round = (xs: number[]): number[] => xs.map((x) => Math.round(x));
      emit({
        bench: `cluster.create.container.${controlPlanes}cp`,
        ours_ms: Math.round(median(create)),
        ours_runs_ms: round(create),
        baseline: `${controlPlanes} bare agent(s) in namespaces and node sandboxes, maintenance, until TLS answers`,
        baseline_ms: Math.round(median(base)),
        baseline_runs_ms: round(base),
        ratio: Number((median(create) / median(base)).toFixed(2)),
        destroy_ms: Math.round(median(destroy)),
        destroy_runs_ms: round(destroy),
      });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
