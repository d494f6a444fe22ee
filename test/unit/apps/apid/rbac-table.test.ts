// Talos's per-method role table, over every method of the API: the rules apid ships are the
// reference's, and a real apid applies them at the edge — to calls it serves and to calls it forwards
// (a refused call never reaches the other node). Every refusal is PermissionDenied, exactly.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { isAuthorized } from '../../../../src/grpc/authorize';
import RULES from '../../../../src/grpc/rbac-rules.json';
import type { Role } from '../../../../src/grpc/roles';
import { issueCertificate, toNodeKeyPem } from '../../../../src/pki';
import { routing, startGatewayCluster, type GatewayCluster, type GatewayNode } from './gateway-cluster';

const REFERENCE = resolve(import.meta.dirname, '../../../../../shared/reference/talos-v1.13-rbac.json');
const ROLES = [
  'os:admin',
  'os:operator',
  'os:reader',
  'os:etcd:backup',
  'os:meta:writer',
  'os:image:verifier',
];
/** Readers may call these only while the node has no config. */
const MAINTENANCE_ONLY = [
  '/machine.MachineService/ApplyConfiguration',
  '/storage.StorageService/BlockDeviceWipe',
];

function reference(): { rules: Record<string, string[]>; fallback: string[] } {
  if (!existsSync(REFERENCE))
    throw new Error(
      `the reference facts are missing: ${REFERENCE} (the shared/reference folder beside the clone)`,
    );
  return JSON.parse(readFileSync(REFERENCE, 'utf8')) as {
    rules: Record<string, string[]>;
    fallback: string[];
  };
}

/** Whether Talos lets `role` call `method` on a configured node. */
function talosAllows(table: ReturnType<typeof reference>, method: string, role: string): boolean {
  const allowed = table.rules[method] ?? table.fallback;
  if (role === 'os:reader' && MAINTENANCE_ONLY.includes(method)) return false;
  return allowed.includes(role);
}

const methods = apiSchema().methods;

/** The status a call ends with (requests are empty messages: only authorization matters here). */
function statusOf(client: grpc.Client, path: string, md: grpc.Metadata): Promise<grpc.status> {
  const m = methods.find((x) => x.path === path)!;
  const id = (b: Buffer): Buffer => b;
  const opts = { deadline: Date.now() + 10_000 };
  return new Promise((resolvePromise) => {
    const done = (s: { code: grpc.status }): void => resolvePromise(s.code);
    if (!m.requestStream && !m.responseStream) {
      client.makeUnaryRequest(path, id, id, Buffer.alloc(0), md, opts, (err) => done(err ?? { code: 0 }));
    } else if (m.requestStream && !m.responseStream) {
      client.makeClientStreamRequest(path, id, id, md, opts, (err) => done(err ?? { code: 0 })).end();
    } else {
      let call: grpc.ClientReadableStream<Buffer>;
      if (m.requestStream) {
        const duplex = client.makeBidiStreamRequest(path, id, id, md, opts);
        duplex.end();
        call = duplex;
      } else call = client.makeServerStreamRequest(path, id, id, Buffer.alloc(0), md, opts);
      call.on('data', () => undefined);
      call.on('error', () => undefined);
      call.on('status', done);
    }
  });
}

describe('role table', () => {
  const table = reference();

  it('ships exactly the reference rules', () => {
    expect(RULES.rules).toEqual(table.rules);
    expect(table.fallback).toEqual(['os:admin']);
  });

  it('names only methods of the API', () => {
    const paths = new Set(methods.map((m) => m.path));
    expect(Object.keys(table.rules).filter((p) => !paths.has(p))).toEqual([]);
  });

  it('decides every method for every role as Talos does', () => {
    const wrong: string[] = [];
    for (const m of methods)
      for (const role of ROLES) {
        const ours = isAuthorized({ method: m.path, roles: new Set([role as Role]), configured: true });
        if (ours !== talosAllows(table, m.path, role)) wrong.push(`${m.path} ${role}: ${ours}`);
      }
    expect(wrong).toEqual([]);
  });
});

describe('role table at the edge of a real apid, direct and forwarded', () => {
  const table = reference();
  let cluster: GatewayCluster;
  let edge: GatewayNode;
  let peer: GatewayNode;
  const clients = new Map<string, grpc.Client>();

  beforeAll(async () => {
    cluster = await startGatewayCluster([
      { name: 'edge', address: '127.0.0.168', forwards: true },
      { name: 'peer', address: '127.0.0.169', forwards: false },
    ]);
    [edge, peer] = cluster.nodes as [GatewayNode, GatewayNode];
    for (const role of ROLES) {
      const cert = await issueCertificate(cluster.ca, { organizations: [role], extKeyUsage: 'client' });
      clients.set(
        role,
        new grpc.Client(
          `${edge.address}:${edge.port}`,
          grpc.credentials.createSsl(
            Buffer.from(cluster.ca.certPem),
            Buffer.from(toNodeKeyPem(cert.keyPem)),
            Buffer.from(cert.certPem),
          ),
        ),
      );
    }
  });

  afterAll(async () => {
    for (const c of clients.values()) c.close();
    await cluster?.close();
  });

  for (const via of ['direct', 'forwarded'] as const)
    it(`refuses exactly the calls Talos refuses (${via}), with PermissionDenied`, async () => {
      const wrong: string[] = [];
      const peerCalls = peer.machined.calls.length;
      let refused = 0;
      for (const m of methods)
        for (const role of ROLES) {
          const md = via === 'direct' ? new grpc.Metadata() : routing('node', peer.address);
          const code = await statusOf(clients.get(role)!, m.path, md);
          const allowed = talosAllows(table, m.path, role);
          if (!allowed) refused++;
          const ok = allowed
            ? code !== grpc.status.PERMISSION_DENIED && code !== grpc.status.UNAUTHENTICATED
            : code === grpc.status.PERMISSION_DENIED;
          if (!ok) wrong.push(`${m.path} as ${role}: code ${code}`);
        }
      expect(wrong).toEqual([]);
      expect(refused).toBeGreaterThan(methods.length); // most methods are closed to most roles
      if (via === 'forwarded') {
        // the peer saw only allowed calls (the fake machined records those it implements)
        const seen = peer.machined.calls.slice(peerCalls);
        expect(
          seen.every((c) =>
            c.roles.every((r) => talosAllows(table, `/machine.MachineService/${c.method}`, r)),
          ),
        ).toBe(true);
        expect(seen.length).toBeGreaterThan(0);
      }
    });
});
