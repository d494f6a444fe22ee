// HealthCheck's answers before any check runs (refusals, the discovered nodes) and the checks' run
// against a fake cluster: answers routed by node as apid routes them, a node that fails named in the
// check's line, the wait timeout ending the call with Talos's error.
import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { clusterApi } from '../../../../../src/apps/machined/api/cluster-api';
import { multiError, type NodeRoute } from '../../../../../src/apps/machined/api/node-calls';
import { iBytes } from '../../../../../src/apps/machined/api/health-checks';
import type { Backend, MethodInfo } from '../../../../../src/grpc/backend';
import { ApiError } from '../../../../../src/grpc/errors';
import type { CallContext } from '../../../../../src/grpc/handler';
import { MACHINE_TYPE } from '../../../../../src/resources/config/machine-type';
import { MemoryState } from '../../../../../src/state';
import { metadataValues } from '../../../../../src/apps/apid/router';

const ctx = (): CallContext => ({
  method: '/cluster.ClusterService/HealthCheck',
  metadata: new Metadata(),
  roles: new Set(['os:reader']),
  signal: new AbortController().signal,
  peer: 'test',
});

async function stateAs(type?: string): Promise<MemoryState> {
  const state = new MemoryState();
  if (type) await state.create({ ...MACHINE_TYPE, spec: type });
  return state;
}

async function run(
  o: Parameters<typeof clusterApi>[0],
  req: { wait_timeout: { seconds: string; nanos: number } | null; cluster_info: object | null },
): Promise<{ lines: string[]; error?: unknown }> {
  const lines: string[] = [];
  try {
    await clusterApi(o).HealthCheck!(req as never, ctx(), (m) => {
      lines.push(String(m.message));
      return Promise.resolve();
    });
    return { lines };
  } catch (e: unknown) {
    return { lines, error: e };
  }
}

const codeOf = (e: unknown): number | undefined => (e instanceof ApiError ? e.code : undefined);
const wait = (s: number) => ({ seconds: String(s), nanos: 0 });

/** A cluster whose nodes answer ServiceList/EtcdMemberList/Version; `down` ones fail as unreachable. */
function fakeCluster(up: readonly string[], down: readonly string[]): NodeRoute {
  const encode = (m: MethodInfo, v: object): Buffer => m.responseSerialize(v);
  const answer = (m: MethodInfo, node: string): object => {
    const metadata = { hostname: node };
    switch (m.method) {
      case 'ServiceList':
        return {
          messages: [
            {
              metadata,
              services: [
                {
                  id: 'etcd',
                  state: 'Running',
                  events: { events: [{ state: 'Running', msg: 'ok' }] },
                  health: { healthy: true },
                },
              ],
            },
          ],
        };
      case 'EtcdMemberList':
        return {
          messages: [
            {
              metadata,
              members: up.map((n, i) => ({
                id: String(i + 1),
                hostname: n,
                peer_urls: [`https://${n}:2380`],
              })),
            },
          ],
        };
      default:
        return { messages: [{ metadata, platform: { mode: 'container' } }] };
    }
  };
  const backend: Backend = {
    unary: (m, _req, c) => {
      const nodes = metadataValues(c, 'nodes');
      const targets = nodes.length > 0 ? nodes : [up[0]!];
      const parts = targets.map((n) =>
        down.includes(n)
          ? encode(m, {
              messages: [
                {
                  metadata: { hostname: n, error: 'rpc error: code = Unavailable desc = connection refused' },
                },
              ],
            })
          : encode(m, answer(m, n)),
      );
      return Promise.resolve(Buffer.concat(parts));
    },
    serverStream: () => Promise.reject(new ApiError(status.PERMISSION_DENIED, 'not supported')),
    clientStream: () => Promise.reject(new Error('no')),
    bidi: () => Promise.reject(new Error('no')),
  };
  return () => backend;
}

describe('ClusterService.HealthCheck', () => {
  it('is refused (Unimplemented) on a node without a machine type and on a worker, as Talos', async () => {
    const none = await run(
      { state: await stateAs(), route: () => undefined },
      { wait_timeout: wait(1), cluster_info: null },
    );
    expect(codeOf(none.error)).toBe(status.UNIMPLEMENTED);
    expect(String((none.error as Error).message)).toBe(
      'machine type is not set, cannot use cluster health check API',
    );
    const worker = await run(
      { state: await stateAs('worker'), route: () => undefined },
      { wait_timeout: wait(1), cluster_info: null },
    );
    expect(codeOf(worker.error)).toBe(status.UNIMPLEMENTED);
    expect(String((worker.error as Error).message)).toBe(
      'cluster health check is only available on control plane nodes',
    );
  });

  it('refuses a node that is not an address with InvalidArgument, before any line', async () => {
    const r = await run(
      { state: await stateAs('controlplane'), route: () => fakeCluster(['10.0.0.1'], []) },
      { wait_timeout: wait(1), cluster_info: { control_plane_nodes: ['node-a'] } },
    );
    expect(codeOf(r.error)).toBe(status.INVALID_ARGUMENT);
    expect(r.lines).toEqual([]);
  });

  it('without named nodes and no discovered member, says how to name them (FailedPrecondition)', async () => {
    const r = await run(
      { state: await stateAs('controlplane'), route: () => fakeCluster(['10.0.0.1'], []) },
      { wait_timeout: wait(1), cluster_info: null },
    );
    expect(codeOf(r.error)).toBe(status.FAILED_PRECONDITION);
  });

  it('runs the checks in order against the named nodes; a node down fails "apid to be ready" naming it', async () => {
    const r = await run(
      {
        state: await stateAs('controlplane'),
        route: () => fakeCluster(['10.0.0.1'], ['10.0.0.2']),
        intervalMs: 50,
      },
      {
        wait_timeout: wait(1),
        cluster_info: { control_plane_nodes: ['10.0.0.1'], worker_nodes: ['10.0.0.2'] },
      },
    );
    expect(codeOf(r.error)).toBe(status.UNKNOWN);
    expect((r.error as Error).message).toBe('context deadline exceeded');
    expect(r.lines.slice(0, 8)).toEqual([
      'discovered nodes: ["10.0.0.1" "10.0.0.2"]',
      'waiting for etcd to be healthy: ...',
      'waiting for etcd to be healthy: OK',
      'waiting for etcd members to be consistent across nodes: ...',
      'waiting for etcd members to be consistent across nodes: OK',
      'waiting for etcd members to be control plane nodes: ...',
      'waiting for etcd members to be control plane nodes: OK',
      'waiting for apid to be ready: ...',
    ]);
    expect(r.lines.at(-1)).toBe(
      'waiting for apid to be ready: 1 error occurred:\n\t* 10.0.0.2: rpc error: code = Unavailable desc = connection refused',
    );
  });

  it('formats errors as go-multierror and sizes as humanize.IBytes', () => {
    expect(multiError(['a: x', 'b: y'])).toBe('2 errors occurred:\n\t* a: x\n\t* b: y\n\n');
    expect(iBytes(3932 * 1024 * 1024)).toBe('3.8 GiB');
    expect(iBytes(512)).toBe('512 B');
  });
});
