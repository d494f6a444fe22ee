// The byte-level API server on a real loopback TLS port: authorization order, Unimplemented for
// unbuilt methods, client certificates decoded once per connection, streams cancelled on stop.
import * as grpc from '@grpc/grpc-js';
import type { PeerCertificate } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiServer } from '../../../src/grpc/api-server';
import { apiSchema } from '../../../src/grpc/api-schema';
import { LocalBackend } from '../../../src/grpc/local-backend';
import { rolesFromOrganizations } from '../../../src/grpc/roles';
import { serverCredentials } from '../../../src/grpc/tls';
import { generateCA, issueCertificate, toNodeKeyPem } from '../../../src/pki';

const HOST = '127.0.0.36';

describe('ApiServer', () => {
  let server: ApiServer;
  let port: number;
  let client: grpc.Client;
  const seen: (PeerCertificate | undefined)[] = [];
  let streamSignal: AbortSignal | undefined;

  beforeAll(async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const srv = await issueCertificate(ca, { ipAddresses: [HOST], extKeyUsage: 'server' });
    const cli = await issueCertificate(ca, { organizations: ['os:reader'], extKeyUsage: 'client' });
    const local = new LocalBackend()
      .register('machine.MachineService', {
        Version: () => Promise.resolve({ messages: [{ version: { tag: 'test' } }] }),
        Logs: async (_req, ctx, send) => {
          streamSignal = ctx.signal;
          await send({ bytes: Buffer.from('first') });
          await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        },
      })
      .register('cosi.resource.State', {});
    server = new ApiServer({
      methods: apiSchema().methods,
      authenticate: (caller) => {
        const cert = caller.certificate();
        seen.push(cert);
        const org = cert?.subject.O;
        return rolesFromOrganizations(org === undefined ? [] : Array.isArray(org) ? org : [org]);
      },
      authorize: (method, roles) => roles.has('os:reader') && !method.endsWith('/Reboot'),
      isImplemented: (method) => local.has(method),
      route: () => local,
    });
    port = await server.listen(
      `${HOST}:0`,
      serverCredentials({
        certPem: srv.certPem,
        keyPem: toNodeKeyPem(srv.keyPem),
        clientCAsPem: ca.certPem,
        requireClientCert: true,
      }),
    );
    client = new grpc.Client(
      `${HOST}:${port}`,
      grpc.credentials.createSsl(
        Buffer.from(ca.certPem),
        Buffer.from(toNodeKeyPem(cli.keyPem)),
        Buffer.from(cli.certPem),
      ),
    );
  });

  afterAll(async () => {
    client?.close();
    await server?.stop(100);
  });

  const call = (path: string): Promise<unknown> => {
    const m = apiSchema().methods.find((x) => x.path === path)!;
    return new Promise((resolve, reject) =>
      client.makeUnaryRequest(path, m.requestSerialize, m.responseDeserialize, {}, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  };

  it('serves an implemented, authorized method through the backend', async () => {
    await expect(call('/machine.MachineService/Version')).resolves.toMatchObject({
      messages: [{ version: { tag: 'test' } }],
    });
  });

  it('answers PermissionDenied before Unimplemented', async () => {
    await expect(call('/machine.MachineService/Reboot')).rejects.toMatchObject({
      code: grpc.status.PERMISSION_DENIED,
    });
    await expect(call('/machine.MachineService/Hostname')).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
  });

  it('decodes the client certificate once per connection', async () => {
    seen.length = 0;
    await call('/machine.MachineService/Version');
    await call('/machine.MachineService/Version');
    expect(seen).toHaveLength(2);
    expect(seen[0]?.subject.O).toBe('os:reader');
    expect(seen[1]).toBe(seen[0]);
  });

  it('cancels running streams when it stops', async () => {
    const m = apiSchema().methods.find((x) => x.path === '/machine.MachineService/Logs')!;
    const stream = client.makeServerStreamRequest(m.path, m.requestSerialize, m.responseDeserialize, {});
    const first = await new Promise((resolve, reject) => {
      stream.once('data', resolve);
      stream.once('error', reject);
    });
    expect(first).toMatchObject({ bytes: Buffer.from('first') });
    stream.on('error', () => undefined);
    await server.stop(100);
    expect(streamSignal?.aborted).toBe(true);
  });
});
