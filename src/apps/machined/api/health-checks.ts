// The cluster checks of Talos's server-side health check that need no Kubernetes, in Talos's order
// and with its descriptions and messages (talosctl prints them as they are): etcd healthy on the
// control-plane nodes, etcd members consistent and being the control-plane nodes, apid answering on
// every node, memory and disk sizes of the nodes that are not containers, no active diagnostics, and
// every node at the end of its boot sequence. Each assertion either passes, is skipped (SKIP, as
// Talos skips a check a node cannot answer), or throws the reason, which names the node.
import { status } from '@grpc/grpc-js';
import { yamlLibrary } from '../../../files/yaml-library';
import { toStatus } from '../../../grpc/errors';
import { goErrorText, multiError, splitNodeErrors, type NodeCalls, type NodeTag } from './node-calls';

export interface ClusterNodes {
  readonly controlPlane: readonly string[];
  readonly worker: readonly string[];
}

export const SKIP = 'SKIP';
export type AssertionResult = undefined | typeof SKIP;
export type Assertion = (
  calls: NodeCalls,
  nodes: ClusterNodes,
  signal: AbortSignal,
) => Promise<AssertionResult>;

export interface ClusterCheck {
  readonly description: string;
  readonly assert: Assertion;
}

/** A check's reason for failing, as its text. */
export class CheckFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailedError';
  }
}

const fail = (message: string): never => {
  throw new CheckFailedError(message);
};

const MIB = 1024 * 1024;
/** Talos's minimal memory per machine type (what it asks for, less 150 MiB for the kernel). */
const MIN_MEMORY = { controlplane: (1848 - 150) * MIB, worker: (1024 - 150) * MIB };
/** Talos's minimal EPHEMERAL: 6 GiB less the other partitions (UKI EFI, STATE, META) and GPT overhead. */
const MIN_EPHEMERAL = 6 * 1024 * MIB - ((100 + 1 + 2000) * MIB + 100 * MIB + 1 * MIB + 10 * MIB);

const all = (n: ClusterNodes): string[] => [...n.controlPlane, ...n.worker];
/** Go's `%q` of a string slice. */
const goQuoted = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(' ')}]`;
const isPermissionDenied = (e: unknown): boolean => toStatus(e).code === status.PERMISSION_DENIED;

/** humanize.IBytes. */
export function iBytes(n: number): string {
  if (n < 10) return `${n} B`;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  const e = Math.floor(Math.log(n) / Math.log(1024));
  const val = Math.floor((n / 1024 ** e) * 10 + 0.5) / 10;
  return `${val < 10 ? val.toFixed(1) : val.toFixed(0)} ${units[e]}`;
}

/** A multi-node answer's messages, or the node errors (as the Go client fails on any). */
async function fromAll<T extends NodeTag>(p: Promise<{ messages?: T[] }>, prefix = ''): Promise<T[]> {
  let answer;
  try {
    answer = await p;
  } catch (e: unknown) {
    return fail(prefix + goErrorText(e));
  }
  const { ok, errors } = splitNodeErrors(answer.messages ?? []);
  if (errors.length > 0) fail(prefix + multiError(errors));
  return ok;
}

interface ServiceAnswer extends NodeTag {
  services: {
    id: string;
    events: { events: { state: string; msg: string }[] } | null;
    health: { healthy: boolean } | null;
  }[];
}

/** Talos's ServiceHealthAssertion over the control-plane nodes. */
function serviceHealthy(service: string): Assertion {
  return async (calls, nodes, signal) => {
    const targets = nodes.controlPlane;
    const answers = await fromAll(
      calls.unary<{ messages: ServiceAnswer[] }>(
        '/machine.MachineService/ServiceList',
        {},
        { nodes: targets },
        signal,
      ),
    );
    const infos = answers.flatMap((a) =>
      a.services.filter((s) => s.id === service).map((s) => ({ node: a.metadata?.hostname ?? '', s })),
    );
    if (infos.length !== targets.length)
      fail(`expected a response with ${targets.length} node(s), got ${infos.length}`);
    infos.sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0));
    const errors: string[] = [];
    for (const { node, s } of infos) {
      const events = s.events?.events ?? [];
      const last = events.at(-1);
      if (!last) errors.push(`${node}: no events recorded yet for service "${service}"`);
      else if (last.state !== 'Running')
        errors.push(
          `${node}: service "${service}" not in expected state "Running": current state [${last.state}] ${last.msg}`,
        );
      else if (!s.health?.healthy) errors.push(`${node}: service is not healthy: ${service}`);
    }
    if (errors.length > 0) fail(multiError(errors));
    return undefined;
  };
}

interface EtcdMembersAnswer extends NodeTag {
  members: { id: string; hostname: string; is_learner: boolean; peer_urls: string[] }[];
}

const etcdMembersConsistent: Assertion = async (calls, nodes, signal) => {
  const messages = await fromAll(
    calls.unary<{ messages: EtcdMembersAnswer[] }>(
      '/machine.MachineService/EtcdMemberList',
      {},
      { nodes: nodes.controlPlane },
      signal,
    ),
  );
  if (messages.length === 0) fail('no messages returned');
  const host = (m: EtcdMembersAnswer): string => m.metadata?.hostname ?? '';
  messages.sort((a, b) => (host(a) < host(b) ? -1 : host(a) > host(b) ? 1 : 0));
  const key = (m: EtcdMembersAnswer['members'][number]): string => `${m.hostname}/${m.id}/${m.is_learner}`;
  const known = new Map(messages[0]!.members.map((m) => [key(m), m.hostname]));
  for (const message of messages.slice(1)) {
    if (message.members.length !== known.size)
      fail(
        `${host(message)}: expected to have [${[...known.values()].join(' ')}] members, got [${message.members.map((m) => m.hostname).join(' ')}]`,
      );
    for (const m of message.members)
      if (!known.has(key(m))) fail(`${host(message)}: found unexpected etcd member ${m.hostname}`);
  }
  return undefined;
};

const etcdMembersAreControlPlane: Assertion = async (calls, nodes, signal) => {
  let answer;
  try {
    answer = await calls.unary<{ messages: EtcdMembersAnswer[] }>(
      '/machine.MachineService/EtcdMemberList',
      {},
      { nodes: [] },
      signal,
    );
  } catch (e: unknown) {
    return fail(goErrorText(e));
  }
  const memberIPs = (answer.messages[0]?.members ?? []).flatMap((m) =>
    m.peer_urls.map((u) => new URL(u).hostname.replace(/^\[(.*)\]$/, '$1')),
  );
  const cp = new Set(nodes.controlPlane);
  if (!memberIPs.every((ip) => cp.has(ip)))
    fail(
      `etcd member ips ${goQuoted(memberIPs)} are not subset of control plane node ips ${goQuoted(nodes.controlPlane)}`,
    );
  return undefined;
};

interface VersionAnswer extends NodeTag {
  platform: { mode: string } | null;
}

const apidReady: Assertion = async (calls, nodes, signal) => {
  await fromAll(calls.unary('/machine.MachineService/Version', {}, { nodes: all(nodes) }, signal));
  return undefined;
};

/** The nodes whose platform is not a container (Talos checks sizes only there). */
async function nonContainerNodes(
  calls: NodeCalls,
  nodes: ClusterNodes,
  signal: AbortSignal,
): Promise<string[]> {
  const answers = await fromAll(
    calls.unary<{ messages: VersionAnswer[] }>(
      '/machine.MachineService/Version',
      {},
      { nodes: all(nodes) },
      signal,
    ),
    'error getting version: ',
  );
  return answers.filter((a) => a.platform?.mode !== 'container').map((a) => a.metadata?.hostname ?? '');
}

interface MemoryAnswer extends NodeTag {
  meminfo: { memtotal: string } | null;
}

const memorySizes: Assertion = async (calls, nodes, signal) => {
  const targets = await nonContainerNodes(calls, nodes, signal);
  if (targets.length === 0) return undefined;
  const answers = await fromAll(
    calls.unary<{ messages: MemoryAnswer[] }>(
      '/machine.MachineService/Memory',
      {},
      { nodes: targets },
      signal,
    ),
    'error getting nodes memory: ',
  );
  const typeOf = (n: string): 'controlplane' | 'worker' | undefined =>
    nodes.controlPlane.includes(n) ? 'controlplane' : nodes.worker.includes(n) ? 'worker' : undefined;
  const errors: string[] = [];
  for (const a of answers) {
    const host = a.metadata?.hostname ?? '';
    const type = typeOf(host);
    if (!type) fail(`unexpected node "${host}" in response`);
    const total = Number(a.meminfo?.memtotal ?? 0) * 1024;
    const minimum = MIN_MEMORY[type!];
    if (total < minimum)
      errors.push(
        `node "${host}" does not meet memory requirements: expected at least ${Math.floor(minimum / MIB)} MiB, actual ${Math.floor(total / MIB)} MiB`,
      );
  }
  if (errors.length > 0) fail(multiError(errors));
  return undefined;
};

interface ResourceAnswer {
  resource: { spec: { yaml_spec: string } | null } | null;
}

/** A resource's spec (the YAML library loads on the first check: start-up does not need it). */
const specOf = async (r: ResourceAnswer | undefined): Promise<Record<string, unknown>> =>
  ((await yamlLibrary()).parse(r?.resource?.spec?.yaml_spec ?? '') as Record<string, unknown> | null) ?? {};
/** A spec field as text ('' when it is not a scalar). */
const text = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

const diskSizes: Assertion = async (calls, nodes, signal) => {
  const targets = (await nonContainerNodes(calls, nodes, signal)).sort();
  const errors: string[] = [];
  for (const node of targets) {
    let spec;
    try {
      spec = await specOf(
        await calls.unary<ResourceAnswer>(
          '/cosi.resource.State/Get',
          { namespace: 'runtime', type: 'VolumeStatuses.block.talos.dev', id: 'EPHEMERAL' },
          { node },
          signal,
        ),
      );
    } catch (e: unknown) {
      if (isPermissionDenied(e)) return SKIP;
      errors.push(`error getting volume status for node "${node}": ${goErrorText(e)}`);
      continue;
    }
    const size = Number(spec['size'] ?? 0);
    if (size < MIN_EPHEMERAL)
      errors.push(
        `ephemeral partition "${text(spec['location'])}" for node "${node}" is too small, expected at least ${iBytes(MIN_EPHEMERAL)}, actual ${iBytes(size)}`,
      );
  }
  if (errors.length > 0) fail(multiError(errors));
  return undefined;
};

const noDiagnostics: Assertion = async (calls, nodes, signal) => {
  const byNode = new Map<string, string[]>();
  for (const node of all(nodes)) {
    let list: ResourceAnswer[];
    try {
      list = await calls.stream<ResourceAnswer>(
        '/cosi.resource.State/List',
        { namespace: 'runtime', type: 'Diagnostics.runtime.talos.dev' },
        { node },
        signal,
      );
    } catch (e: unknown) {
      if (isPermissionDenied(e)) return SKIP; // a node that does not know the type has none
      return fail(goErrorText(e));
    }
    for (const r of list) {
      const messages = byNode.get(node) ?? [];
      messages.push(text((await specOf(r))['message']));
      byNode.set(node, messages);
    }
  }
  if (byNode.size === 0) return undefined;
  const listed = [...byNode.keys()]
    .sort()
    .map((n) => `${n}: ${byNode.get(n)!.join(', ')}`)
    .join('; ');
  return fail(`active diagnostics: ${listed}`);
};

const STAGE_ORDER = ['unknown', 'booting', 'installing', 'maintenance', 'running', 'rebooting'];

const allNodesBooted: Assertion = async (calls, nodes, signal) => {
  const byStage = new Map<string, string[]>();
  for (const node of all(nodes)) {
    let spec;
    try {
      spec = await specOf(
        await calls.unary<ResourceAnswer>(
          '/cosi.resource.State/Get',
          { namespace: 'runtime', type: 'MachineStatuses.runtime.talos.dev', id: 'machine' },
          { node },
          signal,
        ),
      );
    } catch (e: unknown) {
      return fail(`error watching machine ${node} status: ${goErrorText(e)}`);
    }
    const stage = text(spec['stage']) || 'unknown';
    if (stage !== 'running') byStage.set(stage, [...(byStage.get(stage) ?? []), node]);
  }
  if (byStage.size === 0) return undefined;
  const rank = (s: string): number => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
  const stages = [...byStage.keys()]
    .sort((a, b) => rank(a) - rank(b))
    .map((s) => `${s}: [${byStage.get(s)!.sort().join(' ')}]`)
    .join(', ');
  return fail(`nodes are not running: ${stages}`);
};

/** Talos's pre-boot-sequence checks without the kubelet's (Kubernetes is not run by this node). */
export const CLUSTER_CHECKS: readonly ClusterCheck[] = [
  { description: 'etcd to be healthy', assert: serviceHealthy('etcd') },
  { description: 'etcd members to be consistent across nodes', assert: etcdMembersConsistent },
  { description: 'etcd members to be control plane nodes', assert: etcdMembersAreControlPlane },
  { description: 'apid to be ready', assert: apidReady },
  { description: 'all nodes memory sizes', assert: memorySizes },
  { description: 'all nodes disk sizes', assert: diskSizes },
  { description: 'no diagnostics', assert: noDiagnostics },
  { description: 'all nodes to finish boot sequence', assert: allNodesBooted },
];

/** The checks Talos runs next, which need Kubernetes. */
export const KUBERNETES_CHECKS: readonly string[] = [
  'kubelet to be healthy',
  'all k8s nodes to report',
  'all control plane static pods to be running',
  'all control plane components to be ready',
  'all k8s nodes to report ready',
  'kube-proxy to report ready',
  'coredns to report ready',
  'all k8s nodes to report schedulable',
];
