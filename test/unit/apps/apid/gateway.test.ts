// apid as the cluster's gateway, with real apid instances on loopback: a control plane that forwards
// (it has the impersonator certificate) and two workers that do not.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcCode } from '../../../harness/client';
import { eventually } from '../../../harness/eventually';
import type { APIServiceConfigSpec } from '../../../../src/resources/runtime/api-service-config';
import {
  routing,
  SERVICE,
  startGatewayCluster,
  type GatewayCluster,
  type GatewayNode,
} from './gateway-cluster';

const CP = '127.0.0.161';
const W1 = '127.0.0.162';
const W2 = '127.0.0.163';
const VERSION = '/machine.MachineService/Version';
const SERVICES = '/machine.MachineService/ServiceList';
const REBOOT = '/machine.MachineService/Reboot';
const LOGS = '/machine.MachineService/Logs';

interface Meta {
  hostname: string;
  error: string;
  status: { code: number; message: string } | null;
}
interface VersionAnswer {
  messages: { metadata: Meta | null; version: { tag: string } | null }[];
}

describe('apid gateway', () => {
  let cluster: GatewayCluster;
  let cp: GatewayNode;
  let w1: GatewayNode;
  let w2: GatewayNode;

  beforeAll(async () => {
    cluster = await startGatewayCluster([
      { name: 'cp', address: CP, forwards: true },
      { name: 'w1', address: W1, forwards: false, controlPlaneEndpoints: [CP] },
      { name: 'w2', address: W2, forwards: false, controlPlaneEndpoints: [CP] },
    ]);
    [cp, w1, w2] = cluster.nodes as [GatewayNode, GatewayNode, GatewayNode];
  });

  afterAll(() => cluster?.close());

  it('serves a call without routing metadata locally, untagged', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const res = await c.unary<VersionAnswer>(VERSION, {});
    expect(res.messages).toHaveLength(1);
    expect(res.messages[0]!.metadata).toBeNull();
    expect(res.messages[0]!.version!.tag).toBe('v1.13.9-cp');
  });

  it('forwards `node` one-to-one and passes the answer through byte for byte', async () => {
    const viaCp = await (await cluster.client(cp, ['os:admin'])).unaryBytes(VERSION, {}, routing('node', W1));
    const direct = await (await cluster.client(w1, ['os:admin'])).unaryBytes(VERSION, {});
    expect(viaCp.equals(direct)).toBe(true);
    const last = w1.machined.calls.at(-2)!;
    expect(last.roles).toEqual(['os:admin']);
    expect(last.proxyfrom).toHaveLength(1);
    expect(last.nodes).toEqual([]);
  });

  it('serves `node` naming this node (address or hostname) locally', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const before = cp.machined.calls.length;
    const res = await c.unary<VersionAnswer>(VERSION, {}, routing('node', CP));
    expect(res.messages[0]!.metadata).toBeNull();
    expect(res.messages[0]!.version!.tag).toBe('v1.13.9-cp');
    expect(cp.machined.calls.slice(before).map((x) => x.proxyfrom)).toEqual([[]]);
  });

  it('merges a one-to-many unary call, each entry tagged with its node, in the order asked', async () => {
    const c = await cluster.client(cp, ['os:reader']);
    const res = await c.unary<VersionAnswer>(VERSION, {}, routing('nodes', W2, CP, W1));
    expect(res.messages.map((m) => [m.metadata?.hostname, m.version?.tag])).toEqual([
      [W2, 'v1.13.9-w2'],
      [CP, 'v1.13.9-cp'],
      [W1, 'v1.13.9-w1'],
    ]);
    expect(res.messages.every((m) => m.metadata!.error === '')).toBe(true);
  });

  it('turns a node that fails into an entry with hostname, error and status (the local node too)', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const res = await c.unary<VersionAnswer>(REBOOT, {}, routing('nodes', CP, W1));
    expect(res.messages.map((m) => m.metadata)).toEqual([
      {
        hostname: CP,
        error: 'rpc error: code = FailedPrecondition desc = reboot refused by cp',
        status: { code: grpc.status.FAILED_PRECONDITION, message: 'reboot refused by cp', details: [] },
      },
      {
        hostname: W1,
        error: 'rpc error: code = FailedPrecondition desc = reboot refused by w1',
        status: { code: grpc.status.FAILED_PRECONDITION, message: 'reboot refused by w1', details: [] },
      },
    ]);
  });

  it('tags every message of a one-to-many stream', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const msgs = await c.streamAll<{ metadata: Meta | null; bytes: Buffer }>(
      LOGS,
      { tail_lines: 2 },
      routing('nodes', CP, W1, W2),
    );
    const byNode = (n: string): string[] =>
      msgs.filter((m) => m.metadata?.hostname === n).map((m) => Buffer.from(m.bytes).toString());
    expect(msgs).toHaveLength(6);
    expect(byNode(CP)).toEqual(['cp line 0', 'cp line 1']);
    expect(byNode(W1)).toEqual(['w1 line 0', 'w1 line 1']);
    expect(byNode(W2)).toEqual(['w2 line 0', 'w2 line 1']);
  });

  it('sends a client stream to every node (tee) and merges the answers', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const before = [cp, w1].map((n) => n.machined.recovered);
    const chunks = Array.from({ length: 40 }, (_, i) => ({ bytes: Buffer.alloc(1000, i) }));
    const res = await c.clientStream<{ messages: { metadata: Meta }[] }>(
      '/machine.MachineService/EtcdRecover',
      chunks,
      routing('nodes', CP, W1),
    );
    expect(res.messages.map((m) => m.metadata.hostname)).toEqual([CP, W1]);
    expect([cp, w1].map((n, i) => n.machined.recovered - before[i]!)).toEqual([40_000, 40_000]);
  });

  it('refuses one-to-many for other services (InvalidArgument), and several `node` values', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    const err = await c
      .unary('/cosi.resource.State/List', { namespace: 'x', type: 'y' }, routing('nodes', CP, W1))
      .catch((e: unknown) => e);
    expect(grpcCode(err)).toBe(grpc.status.INVALID_ARGUMENT);
    expect(String(err)).toContain(
      'one-2-many proxying is not supported for method /cosi.resource.State/List',
    );
    const two = await c.unary(VERSION, {}, routing('node', W1, W2)).catch((e: unknown) => e);
    expect(grpcCode(two)).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('a worker serves itself but refuses to forward, naming the control plane', async () => {
    const c = await cluster.client(w1, ['os:admin']);
    const self = await c.unary<VersionAnswer>(VERSION, {}, routing('nodes', W1));
    expect(self.messages).toHaveLength(1);
    expect(self.messages[0]!.metadata).toBeNull(); // untagged, as Talos on a node that does not forward
    for (const md of [routing('node', W2), routing('nodes', W1, W2), routing('nodes', W2)]) {
      const err = await c.unary(VERSION, {}, md).catch((e: unknown) => e);
      expect(grpcCode(err)).toBe(grpc.status.PERMISSION_DENIED);
      expect((err as grpc.ServiceError).details).toContain(CP);
    }
  });

  it('refuses a reader an admin method at the edge: the other node never sees the call', async () => {
    const c = await cluster.client(cp, ['os:reader']);
    const before = w1.machined.calls.length;
    for (const md of [routing('node', W1), routing('nodes', CP, W1)]) {
      const err = await c.unary(REBOOT, {}, md).catch((e: unknown) => e);
      expect(grpcCode(err)).toBe(grpc.status.PERMISSION_DENIED);
    }
    expect(w1.machined.calls.length).toBe(before);
  });

  it('passes the caller roles to the peer (impersonation), never the impersonator role itself', async () => {
    const c = await cluster.client(cp, ['os:operator']);
    await c.unary(VERSION, {}, routing('node', W2));
    expect(w2.machined.calls.at(-1)!.roles).toEqual(['os:operator']);
  });

  it('relays a big stream with back-pressure: a caller that stops reading stops the node producing', async () => {
    const c = await cluster.client(cp, ['os:admin']);
    for (const md of [routing('node', W1), routing('nodes', W1)]) {
      w1.machined.logsSent = 0;
      // 2000 messages of 64 KiB: 125 MiB if it were all buffered
      const call = c.stream(LOGS, { tail_lines: 2000 }, md);
      const ended = new Promise<unknown>((resolve) => call.on('error', resolve));
      let received = 0;
      await new Promise<void>((resolve) =>
        call.on('data', () => {
          if (++received === 10) {
            call.pause();
            resolve();
          }
        }),
      );
      await new Promise((r) => setTimeout(r, 1_000));
      // what the transports' flow-control windows hold, not the whole stream
      expect(w1.machined.logsSent).toBeLessThan(150);
      call.cancel();
      expect(grpcCode(await ended)).toBe(grpc.status.CANCELLED);
    }
  });

  it('answers with the others and an error entry when a node is down, and again once it is back', async () => {
    await w2.stop();
    try {
      const c = await cluster.client(cp, ['os:admin']);
      const res = await c.unary<VersionAnswer>(VERSION, {}, routing('nodes', CP, W1, W2));
      expect(res.messages.map((m) => m.metadata?.hostname)).toEqual([CP, W1, W2]);
      expect(res.messages[2]!.metadata!.status!.code).toBe(grpc.status.UNAVAILABLE);
      expect(res.messages[2]!.metadata!.error).toMatch(/^rpc error: code = Unavailable desc = /);
      // the reason, without grpc-js's empty trailer
      expect(res.messages[2]!.metadata!.error).toMatch(/ECONNREFUSED [\d.]+:\d+$/);
      expect(res.messages[2]!.version).toBeNull();
      const logs = await c.streamAll<{ metadata: Meta }>(LOGS, { tail_lines: 1 }, routing('nodes', W1, W2));
      expect(logs.map((m) => [m.metadata.hostname, m.metadata.status?.code ?? 0])).toEqual(
        expect.arrayContaining([
          [W1, 0],
          [W2, grpc.status.UNAVAILABLE],
        ]),
      );
      // one-to-one: the peer's status itself
      const one = await c.unary(VERSION, {}, routing('node', W2)).catch((e: unknown) => e);
      expect(grpcCode(one)).toBe(grpc.status.UNAVAILABLE);
      expect((one as grpc.ServiceError).details).toMatch(/ECONNREFUSED [\d.]+:\d+$/);
    } finally {
      await w2.start();
    }
    // the pooled connection reconnects (with backoff) once the node is back
    const c = await cluster.client(cp, ['os:admin']);
    const back = await eventually(async () => {
      const res = await c.unary<VersionAnswer>(VERSION, {}, routing('nodes', W2));
      if (res.messages[0]!.metadata!.error !== '') throw new Error(res.messages[0]!.metadata!.error);
      return res;
    }, 200);
    expect(back.messages[0]!.version!.tag).toBe('v1.13.9-w2');
  });

  it('answers before the deadline with a DeadlineExceeded entry for a slow node', async () => {
    w1.machined.serviceListDelayMs = 60_000;
    try {
      const c = await cluster.client(cp, ['os:admin']);
      const started = Date.now();
      const res = await c.unary<{ messages: { metadata: Meta | null; services: { id: string }[] }[] }>(
        SERVICES,
        {},
        routing('nodes', CP, W1, W2),
        3_000,
      );
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(res.messages.map((m) => m.metadata?.hostname)).toEqual([CP, W1, W2]);
      expect(res.messages[0]!.services[0]!.id).toBe('svc-cp');
      expect(res.messages[2]!.services[0]!.id).toBe('svc-w2');
      expect(res.messages[1]!.metadata!.status!.code).toBe(grpc.status.DEADLINE_EXCEEDED);
    } finally {
      w1.machined.serviceListDelayMs = 0;
    }
  });

  it('serves everything locally, untagged, while routing is off (maintenance)', async () => {
    const routingOff = (off: boolean) =>
      cp.state.modify<APIServiceConfigSpec>(SERVICE, (x) => ({ ...x!, nodeRoutingDisabled: off }));
    await routingOff(true);
    try {
      const res = await eventually(async () => {
        const c = await cluster.client(cp, ['os:admin']);
        const r = await c.unary<VersionAnswer>(VERSION, {}, routing('nodes', W1, W2));
        if (r.messages.length !== 1) throw new Error('routing still on');
        return r;
      }, 100);
      expect(res.messages[0]!.metadata).toBeNull();
      expect(res.messages[0]!.version!.tag).toBe('v1.13.9-cp');
    } finally {
      await routingOff(false);
    }
  });
});
