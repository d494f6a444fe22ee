// The containerd client against a grpc-js server on a unix socket answering with bytes written field
// by field (containerd's field numbers): the namespace header, the decoded records, the cgroup metrics
// and the inspector's view (tasks only, Kubernetes names, image names, metrics of running tasks).
import * as grpc from '@grpc/grpc-js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerdClient, ContainerdError, NAMESPACE_HEADER } from '../../../src/containerd/client';
import { inspectPods } from '../../../src/containerd/inspector';
import { decodeMetrics, UnknownMetricsError } from '../../../src/containerd/metrics';

type W = protobuf.Writer;
const msg = (fill: (w: W) => void): Uint8Array => {
  const w = protobuf.Writer.create();
  fill(w);
  return w.finish();
};
const str = (w: W, field: number, s: string): W => w.uint32((field << 3) | 2).string(s);
const bytes = (w: W, field: number, b: Uint8Array): W => w.uint32((field << 3) | 2).bytes(b);
const varint = (w: W, field: number, n: number | bigint): W =>
  w.uint32(field << 3).uint64(typeof n === 'bigint' ? n.toString() : n);
const mapEntry = (w: W, field: number, k: string, v: string): W =>
  bytes(
    w,
    field,
    msg((e) => str(str(e, 1, k), 2, v)),
  );
const any = (url: string, value: Uint8Array): Uint8Array => msg((w) => bytes(str(w, 1, url), 2, value));

const v1Metrics = msg((w) => {
  bytes(
    w,
    3,
    msg((cpu) =>
      bytes(
        cpu,
        1,
        msg((u) => varint(u, 1, 123_456_789n)),
      ),
    ),
  );
  bytes(
    w,
    4,
    msg((mem) => {
      varint(mem, 30, 1000);
      bytes(
        mem,
        33,
        msg((e) => varint(e, 2, 5000)),
      );
    }),
  );
});
const v2Metrics = msg((w) => {
  bytes(
    w,
    2,
    msg((cpu) => varint(cpu, 1, 2500)),
  );
  bytes(
    w,
    4,
    msg((mem) => varint(mem, 32, 4096)),
  );
});

const containerRec = (id: string, labels: Record<string, string>, image = ''): Uint8Array =>
  msg((w) => {
    str(w, 1, id);
    for (const [k, v] of Object.entries(labels)) mapEntry(w, 2, k, v);
    if (image) str(w, 3, image);
    bytes(
      w,
      4,
      msg((r) => str(r, 1, 'io.containerd.runc.v2')),
    );
  });
const task = (id: string, pid: number, status: number): Uint8Array =>
  msg((w) => varint(varint(str(w, 2, id), 3, pid), 4, status));

describe('containerd client', () => {
  let dir: string;
  let server: grpc.Server;
  let client: ContainerdClient;
  const namespaces: string[] = [];
  const raw = (b: Uint8Array): Buffer => Buffer.from(b);
  const handler =
    (answer: (req: Buffer) => Uint8Array) =>
    (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>): void => {
      namespaces.push(String(call.metadata.get(NAMESPACE_HEADER)[0] ?? ''));
      cb(null, raw(answer(call.request)));
    };
  let metricsFilters: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'talos-ts-ctd-client-'));
    server = new grpc.Server();
    const add = (path: string, answer: (req: Buffer) => Uint8Array): boolean =>
      server.register(
        path,
        handler(answer),
        (b: Buffer) => b,
        (b: Buffer) => b,
        'unary',
      );
    add('/containerd.services.version.v1.Version/Version', () =>
      msg((w) => str(str(w, 1, '1.6.20'), 2, 'abc')),
    );
    add('/grpc.health.v1.Health/Check', () => msg((w) => varint(w, 1, 1)));
    add('/containerd.services.images.v1.Images/List', () =>
      msg((w) => {
        bytes(
          w,
          1,
          msg((i) =>
            bytes(
              str(i, 1, 'docker.io/library/pause:3.10'),
              3,
              msg((d) => str(str(d, 1, 'mt'), 2, 'sha256:aaa')),
            ),
          ),
        );
        bytes(
          w,
          1,
          msg((i) =>
            bytes(
              str(i, 1, 'sha256:aaa'),
              3,
              msg((d) => str(d, 2, 'sha256:aaa')),
            ),
          ),
        );
      }),
    );
    add('/containerd.services.containers.v1.Containers/List', () =>
      msg((w) => {
        bytes(w, 1, containerRec('plain', {}));
        bytes(
          w,
          1,
          containerRec(
            'k8sctr',
            {
              'io.kubernetes.pod.name': 'web',
              'io.kubernetes.pod.namespace': 'default',
              'io.kubernetes.container.name': 'nginx',
            },
            'docker.io/library/pause:3.10',
          ),
        );
        bytes(w, 1, containerRec('notask', {}));
        bytes(w, 1, containerRec('stopped', {}));
      }),
    );
    add('/containerd.services.tasks.v1.Tasks/List', () =>
      msg((w) => {
        bytes(w, 1, task('plain', 42, 2));
        bytes(w, 1, task('k8sctr', 43, 2));
        bytes(w, 1, task('stopped', 0, 3));
      }),
    );
    add('/containerd.services.tasks.v1.Tasks/Metrics', (req) => {
      const r = protobuf.Reader.create(req);
      metricsFilters = [];
      while (r.pos < r.len) {
        const tag = r.uint32();
        if (tag >>> 3 === 1) metricsFilters.push(r.string());
        else r.skipType(tag & 7);
      }
      return msg((w) => {
        bytes(
          w,
          1,
          msg((m) => bytes(str(m, 2, 'plain'), 3, any('io.containerd.cgroups.v1.Metrics', v1Metrics))),
        );
        bytes(
          w,
          1,
          msg((m) =>
            bytes(
              str(m, 2, 'k8sctr'),
              3,
              any('types.containerd.io/io.containerd.cgroups.v2.Metrics', v2Metrics),
            ),
          ),
        );
      });
    });
    const socket = join(dir, 'c.sock');
    await new Promise<void>((res, rej) =>
      server.bindAsync(`unix:${socket}`, grpc.ServerCredentials.createInsecure(), (e) =>
        e ? rej(e) : res(),
      ),
    );
    client = new ContainerdClient(socket, 'system');
  });

  afterAll(() => {
    client?.close();
    server?.forceShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the namespace header and decodes version and health', async () => {
    expect(await client.version()).toEqual({ version: '1.6.20', revision: 'abc' });
    expect(await client.health()).toBe('SERVING');
    expect(namespaces.slice(-2)).toEqual(['system', 'system']);
  });

  it('decodes containers, tasks and images', async () => {
    const cs = await client.containers();
    expect(cs.map((c) => c.id)).toEqual(['plain', 'k8sctr', 'notask', 'stopped']);
    expect(cs[1]!.labels['io.kubernetes.container.name']).toBe('nginx');
    expect(cs[0]!.runtime?.name).toBe('io.containerd.runc.v2');
    expect(await client.tasks()).toEqual([
      expect.objectContaining({ id: 'plain', pid: 42, status: 'RUNNING' }),
      expect.objectContaining({ id: 'k8sctr', pid: 43, status: 'RUNNING' }),
      expect.objectContaining({ id: 'stopped', pid: 0, status: 'STOPPED' }),
    ]);
    expect((await client.images())[0]!.target?.digest).toBe('sha256:aaa');
  });

  it('lists containers with tasks grouped into pods, with metrics of running ones', async () => {
    const { pods, errors } = await inspectPods(client);
    expect(errors).toEqual([]);
    expect(metricsFilters).toEqual(['id==plain', 'id==k8sctr']);
    expect(pods).toEqual([
      {
        name: 'plain',
        containers: [
          expect.objectContaining({
            display: 'plain',
            name: 'plain',
            id: 'plain',
            image: '',
            pid: 42,
            status: 'RUNNING',
            metrics: { memoryUsage: '4000', cpuUsage: '123456789' },
          }),
        ],
      },
      {
        name: 'default/web',
        containers: [
          expect.objectContaining({
            display: 'default/web:nginx',
            name: 'nginx',
            id: 'k8sctr',
            image: 'docker.io/library/pause:3.10',
            metrics: { memoryUsage: '4096', cpuUsage: '2500000' },
          }),
        ],
      },
      {
        name: 'stopped',
        containers: [expect.objectContaining({ id: 'stopped', status: 'STOPPED' })],
      },
    ]);
    expect(pods[2]!.containers[0]!.metrics).toBeUndefined();
  });

  it('reports an unreachable socket as a ContainerdError', async () => {
    const c = new ContainerdClient(join(dir, 'missing.sock'), 'system');
    try {
      await expect(c.version({ timeoutMs: 500 })).rejects.toBeInstanceOf(ContainerdError);
    } finally {
      c.close();
    }
  });
});

describe('decodeMetrics', () => {
  it('takes cgroup v1 usage less inactive file, never below zero', () => {
    const low = msg((w) =>
      bytes(
        w,
        4,
        msg((mem) =>
          bytes(
            varint(mem, 30, 9000),
            33,
            msg((e) => varint(e, 2, 5000)),
          ),
        ),
      ),
    );
    expect(decodeMetrics({ type_url: 'io.containerd.cgroups.v1.Metrics', value: Buffer.from(low) })).toEqual({
      memoryUsage: '0',
      cpuUsage: '0',
    });
  });

  it('rejects other payloads', () => {
    expect(() => decodeMetrics({ type_url: 'x.y.Z', value: Buffer.alloc(0) })).toThrow(UnknownMetricsError);
  });
});
