// `talos-ts cluster create --controlplanes 3 --workers 1` with a Layer 2 VIP on the control planes
// (the machine.network.interfaces vip patch), judged through the official Go client
// (test/interop/cmd/machinery-client) with the talosconfig the command wrote: three voting etcd members,
// one per control plane, etcd healthy on each; the VIP on exactly one control plane (never on two, never
// on the worker, sampled in every node's namespace); the worker joined (its certificate from trustd, its
// apid reached through a control plane). Then `cluster destroy` leaves nothing on the host.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  clusterName,
  freeSubnet,
  leftovers,
  recordedState,
  talosTs,
  type RecordedState,
  type Run,
} from '../harness/cluster';
import { eventually } from '../harness/eventually';
import { buildMachineryClient, machinery } from '../harness/machinery-client';
import { requireRoot, requireTools } from '../harness/tools';
import { VipWatch } from '../harness/vip-watch';

describe('talos-ts cluster create: three control planes with a VIP and a worker', () => {
  let root: string;
  let name: string;
  let prefix: string;
  let vip: string;
  let talosconfig: string;
  let created: Run;
  let recorded: RecordedState | undefined;
  const stateRoot = (): string => join(root, 'clusters');
  const controlPlanes = (): string[] => [2, 3, 4].map((i) => `${prefix}.${i}`);
  const worker = (): string => `${prefix}.5`;
  const judge = (args: string[]): Promise<string> =>
    machinery({ endpoint: controlPlanes()[0]!, talosconfig }, args, 60_000);

  beforeAll(async () => {
    requireRoot('network namespaces');
    requireTools('ip', 'etcd', 'mount', 'go');
    buildMachineryClient();
    root = await mkdtemp(join(tmpdir(), 'talos-ts-cluster-ha-'));
    talosconfig = join(root, 'talosconfig');
    name = clusterName();
    prefix = freeSubnet();
    vip = `${prefix}.100`;
    created = await talosTs(
      [
        'cluster',
        'create',
        '--name',
        name,
        '--controlplanes',
        '3',
        '--workers',
        '1',
        '--cidr',
        `${prefix}.0/24`,
        '--config-patch-control-plane',
        `machine: {network: {interfaces: [{interface: eth0, vip: {ip: ${vip}}}]}}`,
        '--wait-timeout',
        '8m',
        '--state',
        stateRoot(),
        '--talosconfig',
        talosconfig,
      ],
      600_000,
    );
    recorded = recordedState(stateRoot(), name);
  }, 660_000);

  afterAll(async () => {
    // a failed test still removes the cluster
    if (name && recordedState(stateRoot(), name)) {
      const r = await talosTs(['cluster', 'destroy', '--name', name, '--state', stateRoot()]);
      if (r.code !== 0) throw new Error(`cluster destroy failed, state kept in ${root}: ${r.stderr}`);
    }
    if (root) await rm(root, { recursive: true, force: true });
  }, 180_000);

  it('creates four nodes: three control planes, then the worker', () => {
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`${name}-controlplane-1: waiting for 3 etcd members`);
    expect(recorded!.nodes.map((n) => [n.name, n.type, n.address])).toEqual([
      [`${name}-controlplane-1`, 'controlplane', controlPlanes()[0]],
      [`${name}-controlplane-2`, 'controlplane', controlPlanes()[1]],
      [`${name}-controlplane-3`, 'controlplane', controlPlanes()[2]],
      [`${name}-worker-1`, 'worker', worker()],
    ]);
  });

  it('has three voting etcd members, one per control plane, healthy on each (the Go client)', async () => {
    const members = (await judge(['etcd-members'])).trim().split('\n');
    expect(members).toHaveLength(3);
    expect(members.every((m) => m.includes('learner=false'))).toBe(true);
    expect(members.map((m) => /peers=https:\/\/([\d.]+):2380/.exec(m)?.[1]).sort()).toEqual(
      controlPlanes().sort(),
    );
    const services = (await judge(['-n', controlPlanes().join(','), 'service', 'etcd'])).trim().split('\n');
    expect(services.map((l) => l.replace(/^node=\S*/, '').trim())).toEqual(
      Array(3).fill('id=etcd state=Running healthy=true'),
    );
    // every member knows the same leader
    const leaders = (await judge(['-n', controlPlanes().join(','), 'etcd-status']))
      .trim()
      .split('\n')
      .map((l) => /leader=(\w+)/.exec(l)?.[1]);
    expect(leaders).toHaveLength(3);
    expect(new Set(leaders).size).toBe(1);
  });

  it('puts the VIP on exactly one control plane, never on two, never on the worker', async () => {
    const nodes = recorded!.nodes;
    const watch = new VipWatch(
      nodes.map((n) => n.netns),
      vip,
    );
    try {
      await eventually(async () => {
        const last = watch.samples.at(-1);
        if (last?.holders.length !== 1) throw new Error(`VIP holders: ${JSON.stringify(last?.holders)}`);
      }, 600);
      // two more seconds of samples once it is held
      const held = Date.now();
      await new Promise((r) => setTimeout(r, 2000));
      const after = watch.samples.filter((s) => s.at >= held);
      expect(after.length).toBeGreaterThan(5);
      expect(after.every((s) => s.holders.length === 1)).toBe(true);
    } finally {
      await watch.stop();
    }
    expect(watch.conflicts()).toEqual([]);
    const workerNs = nodes.find((n) => n.type === 'worker')!.netns;
    expect(watch.samples.some((s) => s.holders.includes(workerNs))).toBe(false);
  }, 120_000);

  it('joined the worker: its certificate from trustd, its apid reached through a control plane', async () => {
    expect(await judge(['-n', worker(), 'version'])).toMatch(/^tag=v1\.13\.\d+$/m);
    const log = readFileSync(recorded!.nodes[3]!.log, 'utf8');
    expect(log).toContain('received apid certificate from trustd');
  });

  it('destroys the cluster: nothing is left', async () => {
    const r = await talosTs(['cluster', 'destroy', '--name', name, '--state', stateRoot()]);
    expect(r.code, r.stderr).toBe(0);
    expect(leftovers(name, join(stateRoot(), name), recorded)).toEqual([]);
  }, 180_000);
});
