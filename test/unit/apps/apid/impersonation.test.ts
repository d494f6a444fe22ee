// Whose roles a call carries: a client certificate's Organization, or — only from an
// `os:impersonator` certificate, as a forwarding apid presents — the roles in `talos-role` metadata.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcCode } from '../../../harness/client';
import { startGatewayCluster, type GatewayCluster, type GatewayNode } from './gateway-cluster';

const NODE = '127.0.0.166';
const VERSION = '/machine.MachineService/Version';
const REBOOT = '/machine.MachineService/Reboot';

const roles = (...values: string[]): grpc.Metadata => {
  const md = new grpc.Metadata();
  for (const v of values) md.add('talos-role', v);
  return md;
};

describe('impersonation', () => {
  let cluster: GatewayCluster;
  let node: GatewayNode;

  beforeAll(async () => {
    cluster = await startGatewayCluster([{ name: 'n', address: NODE, forwards: false }]);
    node = cluster.nodes[0]!;
  });

  afterAll(() => cluster?.close());

  const lastRoles = (): string[] => node.machined.calls.at(-1)!.roles;

  it('honours the roles an impersonator passes on', async () => {
    const c = await cluster.client(node, ['os:impersonator']);
    const err = await c.unary(REBOOT, {}, roles('os:admin')).catch((e: unknown) => e);
    // the call reached the node's machined as admin (which refused the reboot itself)
    expect(grpcCode(err)).toBe(grpc.status.FAILED_PRECONDITION);
    expect(lastRoles()).toEqual(['os:admin']);
    await c.unary(VERSION, {}, roles('os:reader', 'os:operator'));
    expect(lastRoles()).toEqual(['os:operator', 'os:reader']);
  });

  it('grants nothing for roles it does not know, and the impersonator role alone grants nothing', async () => {
    const c = await cluster.client(node, ['os:impersonator']);
    const unknown = await c.unary(VERSION, {}, roles('os:superuser')).catch((e: unknown) => e);
    expect(grpcCode(unknown)).toBe(grpc.status.PERMISSION_DENIED);
    const none = await c.unary(VERSION, {}).catch((e: unknown) => e);
    expect(grpcCode(none)).toBe(grpc.status.PERMISSION_DENIED);
  });

  it('ignores `talos-role` from anyone else', async () => {
    const c = await cluster.client(node, ['os:reader']);
    const err = await c.unary(REBOOT, {}, roles('os:admin')).catch((e: unknown) => e);
    expect(grpcCode(err)).toBe(grpc.status.PERMISSION_DENIED);
    await c.unary(VERSION, {}, roles('os:admin'));
    expect(lastRoles()).toEqual(['os:reader']);
  });

  it('refuses a client certificate without the client auth usage', async () => {
    // server auth only: OpenSSL refuses it for a client during the handshake (as Talos's TLS check)
    const server = await cluster.client(node, ['os:admin'], 'server');
    expect(grpcCode(await server.unary(VERSION, {}).catch((e: unknown) => e))).toBe(grpc.status.UNAVAILABLE);
    // server and client auth: through TLS, refused by apid (Talos wants client auth alone)
    const both = await cluster.client(node, ['os:admin'], 'both');
    expect(grpcCode(await both.unary(VERSION, {}).catch((e: unknown) => e))).toBe(
      grpc.status.UNAUTHENTICATED,
    );
  });
});
