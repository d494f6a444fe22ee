// cluster.ClusterService: HealthCheck, the server side of `talosctl health` (its default). As Talos: a
// control-plane node only; the nodes are those the request names (control plane and workers), else
// the discovered cluster members; the first line names them, then each check runs in turn, retried
// every 5 s until it passes, and every change of its state is one `waiting for <check>: <state>` line
// (`...`, the reason it fails, `OK` or `SKIP`). The call fails when the wait timeout passes first,
// its last line saying why. The checks are those that need no Kubernetes (health-checks.ts); the
// Kubernetes checks are not run by this node, which the last line says, naming them.
import { isIP } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../../grpc/errors';
import { implement, type Implementation } from '../../../grpc/handler';
import { MACHINE_TYPE, type MachineTypeName } from '../../../resources/config/machine-type';
import { CLUSTER_NAMESPACE } from '../../../resources/cluster/affiliate';
import { MemberDefinition, type MemberSpec } from '../../../resources/cluster/member';
import { getOptional, type State } from '../../../state';
import type * as cluster from '../../../gen/api/cluster';
import {
  CLUSTER_CHECKS,
  CheckFailedError,
  KUBERNETES_CHECKS,
  SKIP,
  type ClusterCheck,
  type ClusterNodes,
} from './health-checks';
import { goErrorText, NodeCalls, type NodeRoute } from './node-calls';

export interface ClusterApiOptions {
  readonly state: State;
  /** apid's routing for calls this node makes (undefined while apid does not serve). */
  readonly route: () => NodeRoute | undefined;
  /** How often a failing check is retried (Talos: 5 s). */
  readonly intervalMs?: number;
}

const API_NAME = 'cluster health check';

async function checkControlPlane(state: State): Promise<void> {
  const type = await getOptional<MachineTypeName>(state, MACHINE_TYPE);
  if (!type || type.spec === 'unknown')
    throw new ApiError(status.UNIMPLEMENTED, `machine type is not set, cannot use ${API_NAME} API`);
  if (type.spec !== 'controlplane' && type.spec !== 'init')
    throw new ApiError(status.UNIMPLEMENTED, `${API_NAME} is only available on control plane nodes`);
}

function addresses(list: readonly string[]): string[] {
  for (const ip of list)
    if (isIP(ip) === 0)
      throw new ApiError(status.INVALID_ARGUMENT, `ParseAddr(${JSON.stringify(ip)}): unable to parse IP`);
  return [...list];
}

/** The named nodes, else the discovered members (Talos would then ask Kubernetes, not run here). */
async function clusterNodes(state: State, info: cluster.ClusterInfo | null): Promise<ClusterNodes> {
  const controlPlane = info?.control_plane_nodes ?? [];
  const worker = info?.worker_nodes ?? [];
  if (controlPlane.length > 0 || worker.length > 0)
    return { controlPlane: addresses(controlPlane), worker: addresses(worker) };
  const members = await state.list<MemberSpec>({
    namespace: CLUSTER_NAMESPACE,
    type: MemberDefinition.type,
  });
  if (members.length === 0)
    throw new ApiError(
      status.FAILED_PRECONDITION,
      'no cluster members are discovered and this node does not run Kubernetes to list the nodes: name them (--control-plane-nodes, --worker-nodes)',
    );
  const nodes = { controlPlane: [] as string[], worker: [] as string[] };
  for (const m of members) {
    const ip = m.spec.addresses[0];
    if (ip === undefined)
      throw new ApiError(status.UNKNOWN, `no IP address found for member: ${m.metadata.id}`);
    (m.spec.machineType === 'worker' ? nodes.worker : nodes.controlPlane).push(ip);
  }
  return nodes;
}

const seconds = (d: { seconds: string; nanos: number } | null): number =>
  d ? Number(d.seconds) * 1000 + d.nanos / 1e6 : 0;

/** Runs one check until it passes or the signal fires; reports each new state line. */
async function waitFor(
  check: ClusterCheck,
  calls: NodeCalls,
  nodes: ClusterNodes,
  signal: AbortSignal,
  intervalMs: number,
  report: (line: string) => Promise<void>,
): Promise<void> {
  const line = (state: string): string => `waiting for ${check.description}: ${state}`.trim();
  await report(line('...'));
  for (;;) {
    const started = Date.now();
    let state: string;
    try {
      const result = await check.assert(
        calls,
        nodes,
        AbortSignal.any([signal, AbortSignal.timeout(intervalMs)]),
      );
      state = result === SKIP ? SKIP : 'OK';
    } catch (e: unknown) {
      if (signal.aborted) return; // the state reported last says why
      state = e instanceof CheckFailedError ? e.message : goErrorText(e);
    }
    await report(line(state));
    if (state === 'OK' || state === SKIP) return;
    await sleep(Math.max(0, started + intervalMs - Date.now()), undefined, { signal }).catch(() => undefined);
    if (signal.aborted) return;
  }
}

export function clusterApi(o: ClusterApiOptions): Implementation<'cluster.ClusterService'> {
  return implement('cluster.ClusterService', {
    HealthCheck: async (req, ctx, send) => {
      await checkControlPlane(o.state);
      const route = o.route();
      if (!route) throw new ApiError(status.UNAVAILABLE, 'apid is not serving');
      const timeout = AbortSignal.timeout(Math.max(0, seconds(req.wait_timeout)));
      const signal = AbortSignal.any([ctx.signal, timeout]);
      const nodes = await clusterNodes(o.state, req.cluster_info);
      const quoted = [...nodes.controlPlane, ...nodes.worker].map((n) => JSON.stringify(n)).join(' ');
      await send({ message: `discovered nodes: [${quoted}]` });
      const calls = new NodeCalls(route, ctx);
      let last = '';
      const report = async (line: string): Promise<void> => {
        if (line === last) return;
        last = line;
        await send({ message: line });
      };
      for (const check of CLUSTER_CHECKS) {
        if (!signal.aborted) await waitFor(check, calls, nodes, signal, o.intervalMs ?? 5_000, report);
        if (ctx.signal.aborted) throw new ApiError(status.CANCELLED, 'context canceled');
        if (signal.aborted) throw new ApiError(status.UNKNOWN, 'context deadline exceeded');
      }
      await send({
        message: `not checked: this node does not run Kubernetes (${KUBERNETES_CHECKS.join(', ')})`,
      });
    },
  });
}
