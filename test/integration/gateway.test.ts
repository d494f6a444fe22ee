// apid as the cluster's gateway, with real agents: a control plane on 127.0.0.81 and two workers on
// .82 and .83 (they join through its trustd). Through the control plane, one call reaches all three
// (answers tagged per node); a dead worker becomes an error entry while the others answer in time; a
// worker as the endpoint refuses to forward and names the control plane; a reader is refused an admin
// method also when it would be forwarded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueClientCertificate } from '../../src/cli/gen/talosconfig';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient, type ClientTLS } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';

const CP = '127.0.0.81';
const W1 = '127.0.0.82';
const W2 = '127.0.0.83';
const ALL = [CP, W1, W2];
const VERSION = '/machine.MachineService/Version';

interface Meta {
  hostname: string;
  error: string;
  status: { code: number; message: string } | null;
}

const routing = (kind: 'node' | 'nodes', ...targets: string[]): grpc.Metadata => {
  const md = new grpc.Metadata();
  for (const t of targets) md.add(kind, t);
  return md;
};
const b64 = (s: string): string => Buffer.from(s, 'base64').toString();

describe('apid gateway across three agents', () => {
  let dirs: string[] = [];
  let agents: Agent[] = [];
  let admin: ClientTLS;
  let viaCp: TestClient;
  let osCA: { crt: string; key: string };

  beforeAll(async () => {
    dirs = await Promise.all([0, 1, 2, 3].map(() => makeStateDir()));
    const gen = generateConfig(dirs[3]!, 'gateway', CP);
    admin = gen.adminTLS;
    const cfg = parseAllDocuments(gen.controlPlane.toString())[0]!.toJS() as {
      machine: { ca: { crt: string; key: string } };
    };
    osCA = { crt: b64(cfg.machine.ca.crt), key: b64(cfg.machine.ca.key) };
    agents = ALL.map((ip, i) => startAgent(ip, dirs[i]!));
    await Promise.all(agents.map((a) => a.waitReady()));
    viaCp = await applyAndConnect(CP, gen.controlPlane, admin);
    const worker = readFileSync(join(dirs[3]!, 'worker.yaml'));
    const workers = await Promise.all([W1, W2].map((ip) => applyAndConnect(ip, worker, admin)));
    for (const w of workers) w.close();
  }, 180_000);

  afterAll(async () => {
    viaCp?.close();
    await Promise.all(agents.map((a) => a.stop()));
    await Promise.all(dirs.map((d) => removeDir(d)));
  });

  it('answers Version from each node, tagged, through the control plane', async () => {
    const res = await eventually(async () => {
      const r = await viaCp.unary<{ messages: { metadata: Meta; version: { tag: string } | null }[] }>(
        VERSION,
        {},
        routing('nodes', ...ALL),
      );
      if (r.messages.some((m) => m.metadata.error !== '')) throw new Error(JSON.stringify(r.messages));
      return r;
    }, 100);
    expect(res.messages.map((m) => [m.metadata.hostname, m.version?.tag])).toEqual(
      ALL.map((ip) => [ip, 'v1.13.9']),
    );
  });

  it('answers ServiceList from each node, with each node its own services', async () => {
    const res = await viaCp.unary<{ messages: { metadata: Meta; services: { id: string }[] }[] }>(
      '/machine.MachineService/ServiceList',
      {},
      routing('nodes', ...ALL),
    );
    const ids = Object.fromEntries(
      res.messages.map((m) => [m.metadata.hostname, m.services.map((s) => s.id)]),
    );
    expect(Object.keys(ids)).toEqual(ALL);
    expect(ids[CP]).toContain('trustd');
    expect(ids[W1]).not.toContain('trustd');
    expect(ids[W2]).toContain('apid');
  });

  it('streams Logs from each node, every message tagged', async () => {
    const msgs = await viaCp.serverStream<{ metadata: Meta | null; bytes: Buffer }>(
      '/machine.MachineService/Logs',
      { namespace: 'system', id: 'machined', tail_lines: 5 },
      Infinity,
      undefined,
      routing('nodes', ...ALL),
    );
    const from = new Set(msgs.map((m) => m.metadata?.hostname));
    expect([...from].sort()).toEqual([...ALL].sort());
    expect(msgs.every((m) => m.metadata?.error === '')).toBe(true);
  });

  it('lists COSI resources of each node through the control plane (`node`)', async () => {
    for (const [ip, type] of [
      [CP, 'controlplane'],
      [W1, 'worker'],
      [W2, 'worker'],
    ] as const) {
      const list = await viaCp.serverStream<{ resource: { spec: { yaml_spec: string } } }>(
        '/cosi.resource.State/List',
        { namespace: 'config', type: 'MachineTypes.config.talos.dev' },
        Infinity,
        undefined,
        routing('node', ip),
      );
      expect(list.map((r) => parse(r.resource.spec.yaml_spec) as unknown)).toEqual([type]);
      const members = await viaCp.serverStream<{ resource: { spec: { yaml_spec: string } } }>(
        '/cosi.resource.State/List',
        { namespace: 'cluster', type: 'Members.cluster.talos.dev' },
        Infinity,
        undefined,
        routing('node', ip),
      );
      const own = members.map(
        (r) => parse(r.resource.spec.yaml_spec) as { addresses: string[]; machineType: string },
      );
      expect(own).toContainEqual(expect.objectContaining({ addresses: [ip], machineType: type }));
    }
  });

  it('refuses a reader an admin method, on this node and when it would be forwarded', async () => {
    const cert = await issueClientCertificate(osCA, 'os:reader');
    const reader = new TestClient(CP, { caPem: osCA.crt, certPem: cert.certPem, keyPem: cert.keyPem });
    try {
      for (const md of [new grpc.Metadata(), routing('node', W1), routing('nodes', CP, W1)]) {
        const err = await reader.unary('/machine.MachineService/Reboot', {}, md).catch((e: unknown) => e);
        expect(grpcCode(err)).toBe(grpc.status.PERMISSION_DENIED);
      }
      const ok = await reader.unary<{ messages: unknown[] }>(VERSION, {}, routing('nodes', W1, W2));
      expect(ok.messages).toHaveLength(2);
    } finally {
      reader.close();
    }
  });

  it('a worker as the endpoint refuses to forward and names the control plane', async () => {
    const w = new TestClient(W1, admin);
    try {
      const err = await w.unary(VERSION, {}, routing('nodes', W1, W2)).catch((e: unknown) => e);
      expect(grpcCode(err)).toBe(grpc.status.PERMISSION_DENIED);
      expect((err as grpc.ServiceError).details).toContain(CP);
      // itself it serves
      const own = await w.unary<{ messages: { version: { tag: string } }[] }>(
        VERSION,
        {},
        routing('nodes', W1),
      );
      expect(own.messages[0]!.version.tag).toBe('v1.13.9');
    } finally {
      w.close();
    }
  });

  it('answers with the others and an error entry for a dead worker, within the deadline', async () => {
    await agents[2]!.stop();
    const started = Date.now();
    const res = await viaCp.unary<{ messages: { metadata: Meta; version: { tag: string } | null }[] }>(
      VERSION,
      {},
      routing('nodes', ...ALL),
      5_000,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.messages.map((m) => m.metadata.hostname)).toEqual(ALL);
    expect(res.messages.slice(0, 2).map((m) => m.version?.tag)).toEqual(['v1.13.9', 'v1.13.9']);
    const dead = res.messages[2]!.metadata;
    expect(dead.status?.code).toBe(grpc.status.UNAVAILABLE);
    expect(dead.error).toMatch(/^rpc error: code = Unavailable desc = /);
  });
});
