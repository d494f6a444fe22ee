// `talos-ts cluster create` with the container provisioner: everything is checked first (flags, patches,
// the patched configs, the name, the CIDR against the host's routes, the tools), then the cluster is
// built step by step, each step recorded in the cluster's state before the next: the configs (our own
// `gen config` with the patches), the bridge namespace and the host's link to it, per node a network
// namespace and the agent in a node sandbox booting from its config; then the first control plane is
// bootstrapped, and with --wait etcd must be healthy and every node answer through the control plane's
// apid (workers once they have their certificate from trustd). A failure or Ctrl-C removes what was made.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMachineConfig } from '../../config';
import { errorMessage } from '../../error-message';
import { writeFileAtomic } from '../../files/atomic-write';
import { generateConfigFiles } from '../gen/command';
import { parseTalosconfig, serializeTalosconfig } from '../gen/talosconfig';
import { ClusterApi, retryUntil } from './cluster-api';
import { destroyCluster } from './cluster-destroy';
import {
  bridgeNamespace,
  createBridge,
  createNodeNetwork,
  hostLinkExists,
  hostLinkName,
  hostOverlap,
  namespaceExists,
  nodeNamespace,
  nthAddress,
  parseCidr,
  type Cidr,
} from './cluster-network';
import { startNode } from './cluster-nodes';
import { saveClusterState, type ClusterState, type NodeState } from './cluster-state';
import { saveMergedTalosconfig } from './cluster-talosconfig';
import { applyConfigPatches, ConfigPatchError, type ConfigPatch } from './config-patch';

export class ClusterCreateError extends Error {
  override name = 'ClusterCreateError';
}

export interface CreateOptions {
  readonly name: string;
  readonly controlplanes: number;
  readonly workers: number;
  readonly cidr: string;
  readonly mtu: number;
  readonly patches: readonly ConfigPatch[];
  readonly controlPlanePatches: readonly ConfigPatch[];
  readonly workerPatches: readonly ConfigPatch[];
  readonly kubernetesVersion?: string;
  readonly registryMirrors: readonly string[];
  readonly wait: boolean;
  readonly waitTimeoutMs: number;
  /** The cluster's state directory (ROOT/NAME). */
  readonly dir: string;
  readonly talosconfig: string;
  /** The agent: node and the bundle. */
  readonly program: readonly string[];
}

export interface Progress {
  step(node: string, what: string): void;
}

/** A plain line per step (a pipe and a terminal alike). */
export const lineProgress = (out: { write(s: string): unknown }): Progress => ({
  step: (node, what) => void out.write(`${node ? `${node}: ` : ''}${what}\n`),
});

interface PlannedNode {
  readonly name: string;
  readonly type: 'controlplane' | 'worker';
  readonly address: string;
  readonly config: string;
}

/** Everything that can be checked before anything exists: names, addresses, patched configs. */
async function plan(opts: CreateOptions, cidr: Cidr) {
  const addresses = Array.from({ length: opts.controlplanes + opts.workers }, (_, i) =>
    nthAddress(cidr, i + 2),
  );
  const files = await generateConfigFiles({
    clusterName: opts.name,
    endpoint: `https://${addresses[0]!}:6443`,
    ...(opts.kubernetesVersion !== undefined ? { kubernetesVersion: opts.kubernetesVersion } : {}),
    registryMirrors: opts.registryMirrors,
    talosconfigEndpoints: addresses.slice(0, opts.controlplanes),
  });
  const patched = (text: string, extra: readonly ConfigPatch[], what: string): string => {
    let out: string;
    try {
      out = applyConfigPatches(text, [...opts.patches, ...extra]);
    } catch (e: unknown) {
      throw new ConfigPatchError(`the ${what} config: ${errorMessage(e)}`);
    }
    try {
      parseMachineConfig(out, { mode: 'container' });
    } catch (e: unknown) {
      throw new ConfigPatchError(`the patched ${what} config is not valid: ${errorMessage(e)}`);
    }
    return out;
  };
  const controlplane = patched(files.controlplane, opts.controlPlanePatches, 'control plane');
  const worker = patched(files.worker, opts.workerPatches, 'worker');
  const nodes: PlannedNode[] = addresses.map((address, i) =>
    i < opts.controlplanes
      ? { name: `${opts.name}-controlplane-${i + 1}`, type: 'controlplane', address, config: controlplane }
      : {
          name: `${opts.name}-worker-${i - opts.controlplanes + 1}`,
          type: 'worker',
          address,
          config: worker,
        },
  );
  const talosconfig = parseTalosconfig(files.talosconfig);
  const ctx = talosconfig.contexts[talosconfig.context]!;
  ctx.nodes = [addresses[0]!];
  return { nodes, controlplane, worker, talosconfig, secrets: files.secrets };
}

/** Refuses a name, namespace, link or network already in use. */
function checkFree(opts: CreateOptions, cidr: Cidr, nodes: readonly PlannedNode[]): void {
  if (existsSync(opts.dir))
    throw new ClusterCreateError(
      `cluster ${JSON.stringify(opts.name)} already exists (state in ${opts.dir})`,
    );
  for (const ns of [bridgeNamespace(opts.name), ...nodes.map((n) => nodeNamespace(opts.name, n.name))])
    if (namespaceExists(ns)) throw new ClusterCreateError(`network namespace ${ns} already exists`);
  if (hostLinkExists(hostLinkName(opts.name)))
    throw new ClusterCreateError(`link ${hostLinkName(opts.name)} already exists`);
  const used = hostOverlap(cidr);
  if (used !== undefined)
    throw new ClusterCreateError(`--cidr ${opts.cidr} overlaps ${used}, a network this host already routes`);
}

export async function createCluster(
  opts: CreateOptions,
  progress: Progress,
  signal: AbortSignal,
): Promise<ClusterState> {
  if (process.getuid?.() !== 0)
    throw new ClusterCreateError(
      'the container provisioner needs root (it creates network namespaces, mounts and cgroups): run it as root, e.g. with sudo',
    );
  const cidr = parseCidr(opts.cidr);
  const p = await plan(opts, cidr);
  checkFree(opts, cidr, p.nodes);
  signal.throwIfAborted();

  const state: ClusterState = {
    name: opts.name,
    provisioner: 'container',
    cidr: opts.cidr,
    gateway: nthAddress(cidr, 1),
    mtu: opts.mtu,
    nodes: [],
    createdAt: new Date().toISOString(),
  };
  await mkdir(opts.dir, { recursive: true, mode: 0o700 });
  const save = (): Promise<void> => saveClusterState(opts.dir, state);
  try {
    await save();
    await writeFileAtomic(join(opts.dir, 'controlplane.yaml'), p.controlplane);
    await writeFileAtomic(join(opts.dir, 'worker.yaml'), p.worker);
    await writeFileAtomic(join(opts.dir, 'talosconfig'), serializeTalosconfig(p.talosconfig));

    progress.step(
      '',
      `creating network ${bridgeNamespace(opts.name)} (${opts.cidr}, gateway ${state.gateway})`,
    );
    state.bridgeNetns = bridgeNamespace(opts.name);
    state.hostLink = hostLinkName(opts.name);
    await save(); // recorded first: a half-made bridge is removed too
    createBridge(opts.name, cidr, opts.mtu);

    for (const [i, n] of p.nodes.entries()) {
      signal.throwIfAborted();
      const node: NodeState = {
        name: n.name,
        type: n.type,
        address: n.address,
        netns: nodeNamespace(opts.name, n.name),
        stateDir: join(opts.dir, n.name, 'state'),
        log: join(opts.dir, n.name, 'node.log'),
      };
      state.nodes.push(node);
      await save();
      progress.step(n.name, `creating ${n.type} node at ${n.address}`);
      createNodeNetwork(opts.name, n.name, i + 1, cidr, n.address, opts.mtu);
      await mkdir(node.stateDir, { recursive: true, mode: 0o700 });
      // the agent boots configured from its state directory, as a container from its user data
      await writeFile(join(node.stateDir, 'config.yaml'), n.config, { mode: 0o600 });
      await startNode(node, opts.program);
      await save();
    }

    const first = p.nodes[0]!;
    const ctx = p.talosconfig.contexts[p.talosconfig.context]!;
    const api = new ClusterApi(first.address, ctx);
    const deadline = Date.now() + opts.waitTimeoutMs;
    let step = 'waiting for apid';
    try {
      progress.step(first.name, step);
      await retryUntil(() => api.call('Version', {}), deadline, signal);
      step = 'bootstrapping etcd';
      progress.step(first.name, step);
      await api.call('Bootstrap', {});
      if (opts.wait) await waitHealthy(api, p.nodes, progress, deadline, signal);
    } catch (e: unknown) {
      if (signal.aborted || e instanceof ClusterCreateError) throw e;
      throw new ClusterCreateError(`${first.name}: ${step}: ${errorMessage(e)}`, { cause: e });
    } finally {
      api.close();
    }

    state.talosconfig = opts.talosconfig;
    const context = await saveMergedTalosconfig(opts.talosconfig, p.talosconfig);
    await save();
    progress.step('', `talosconfig context ${JSON.stringify(context)} merged into ${opts.talosconfig}`);
    return state;
  } catch (e: unknown) {
    progress.step('', `create failed, removing what was created: ${errorMessage(e)}`);
    // the nodes' logs outlive a failed create (not an interrupted one): the error names where they are
    const logs = signal.aborted ? undefined : await keepLogs(opts.name, state.nodes);
    await destroyCluster(opts.dir, state, progress).catch((d: unknown) =>
      progress.step('', `clean-up failed: ${errorMessage(d)}`),
    );
    if (logs === undefined) throw e;
    throw new ClusterCreateError(`${errorMessage(e)} (the nodes' logs: ${logs})`, { cause: e });
  }
}

async function keepLogs(name: string, nodes: readonly NodeState[]): Promise<string | undefined> {
  const started = nodes.filter((n) => existsSync(n.log));
  if (started.length === 0) return undefined;
  const dir = await mkdtemp(join(tmpdir(), `talos-ts-${name}-logs-`));
  for (const n of started) await copyFile(n.log, join(dir, `${n.name}.log`));
  return dir;
}

async function waitHealthy(
  api: ClusterApi,
  nodes: readonly PlannedNode[],
  progress: Progress,
  deadline: number,
  signal: AbortSignal,
): Promise<void> {
  const first = nodes[0]!;
  const controlPlanes = nodes.filter((n) => n.type === 'controlplane');
  const failed =
    (what: string) =>
    (e: unknown): never => {
      if (signal.aborted) throw e;
      throw new ClusterCreateError(`${what}: ${errorMessage(e)}`);
    };
  // as talosctl's health check: etcd healthy on every control plane (the first is bootstrapped, the others
  // join it), then one voting member per control plane
  for (const n of controlPlanes) {
    progress.step(n.name, 'waiting for etcd to be healthy');
    await retryUntil(
      async () => {
        const list = await api.call<{
          messages: { services: { id: string; state: string; health: { healthy: boolean } }[] }[];
        }>('ServiceList', {}, n === first ? undefined : n.address);
        const etcd = list.messages[0]?.services.find((s) => s.id === 'etcd');
        if (etcd?.state !== 'Running' || !etcd.health.healthy) throw new Error('etcd is not healthy yet');
      },
      deadline,
      signal,
    ).catch(failed(`${n.name}: waiting for etcd`));
  }
  if (controlPlanes.length > 1) {
    progress.step(first.name, `waiting for ${controlPlanes.length} etcd members`);
    await retryUntil(
      async () => {
        const res = await api.call<{ messages: { members: { is_learner: boolean }[] }[] }>(
          'EtcdMemberList',
          {},
        );
        const members = res.messages[0]?.members ?? [];
        const voters = members.filter((m) => !m.is_learner).length;
        if (voters !== controlPlanes.length)
          throw new Error(`${voters} voting members of ${members.length}, ${controlPlanes.length} expected`);
      },
      deadline,
      signal,
    ).catch(failed(`${first.name}: waiting for etcd members`));
  }
  for (const n of nodes) {
    progress.step(
      n.name,
      n.type === 'worker' ? 'waiting for its certificate (trustd) and apid' : 'waiting for apid',
    );
    try {
      await retryUntil(() => api.call('Version', {}, n.address), deadline, signal);
    } catch (e: unknown) {
      if (signal.aborted) throw e;
      throw new ClusterCreateError(
        `${n.name}: ${n.type === 'worker' ? 'no certificate from trustd or ' : ''}apid does not answer through ${first.address}: ${errorMessage(e)}`,
      );
    }
  }
}
