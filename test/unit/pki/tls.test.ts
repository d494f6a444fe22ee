import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';

import {
  generateCA,
  issueCertificate,
  toNodeKeyPem,
  type CertAndKey,
  type KeyAlgorithm,
} from '../../../src/pki';

interface Outcome {
  serverSawOrg?: string | string[];
  serverSawCN?: string | string[];
  clientAuthorized: boolean;
  clientError?: string;
  protocol?: string | null;
}

const servers: tls.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(() => r(undefined)))));
});

async function handshake(
  ca: CertAndKey,
  server: CertAndKey,
  client: CertAndKey,
  clientCA: CertAndKey = ca,
): Promise<Outcome> {
  const srv = tls.createServer({
    cert: server.certPem,
    key: toNodeKeyPem(server.keyPem),
    ca: clientCA.certPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
  servers.push(srv);
  const seen = new Promise<{ org?: string | string[]; cn?: string | string[] }>((resolve) => {
    srv.on('secureConnection', (sock) => {
      const peer = sock.getPeerCertificate();
      resolve({ org: peer.subject?.O, cn: peer.subject?.CN });
      sock.end('ok');
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as AddressInfo;

  return new Promise<Outcome>((resolve) => {
    const sock = tls.connect({
      host: '127.0.0.1',
      port,
      ca: ca.certPem,
      cert: client.certPem,
      key: toNodeKeyPem(client.keyPem),
    });
    sock.on('secureConnect', () => {
      const protocol = sock.getProtocol();
      sock.once('data', () => {
        void seen.then((s) => {
          sock.destroy();
          resolve({ serverSawOrg: s.org, serverSawCN: s.cn, clientAuthorized: sock.authorized, protocol });
        });
      });
    });
    sock.on('error', (err: Error) => resolve({ clientAuthorized: false, clientError: err.message }));
    sock.on('close', () => resolve({ clientAuthorized: false, clientError: 'closed' }));
  });
}

async function pki(alg: KeyAlgorithm): Promise<{ ca: CertAndKey; server: CertAndKey; client: CertAndKey }> {
  const leafAlg: KeyAlgorithm | undefined = alg.startsWith('rsa') ? 'rsa-2048' : undefined;
  const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: alg });
  const server = await issueCertificate(ca, {
    dnsNames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    extKeyUsage: 'server',
    ...(leafAlg ? { keyAlgorithm: leafAlg } : {}),
  });
  const client = await issueCertificate(ca, {
    organizations: ['os:admin'],
    extKeyUsage: 'client',
    ...(leafAlg ? { keyAlgorithm: leafAlg } : {}),
  });
  return { ca, server, client };
}

describe('node:tls interop (mutual TLS)', () => {
  it('Ed25519 CA, server and client: server reads O=os:admin from the client certificate', async () => {
    const { ca, server, client } = await pki('ed25519');
    const res = await handshake(ca, server, client);
    expect(res.clientError).toBeUndefined();
    expect(res.clientAuthorized).toBe(true);
    expect(res.serverSawOrg).toBe('os:admin');
    expect(res.protocol).toBe('TLSv1.3');
  });

  it.each(['ecdsa-p256', 'ecdsa-p384', 'rsa-2048'] as KeyAlgorithm[])('%s CA', async (alg) => {
    const { ca, server, client } = await pki(alg);
    const res = await handshake(ca, server, client);
    expect(res.clientError).toBeUndefined();
    expect(res.clientAuthorized).toBe(true);
    expect(res.serverSawOrg).toBe('os:admin');
  });

  it('a client certificate from another CA is rejected', async () => {
    const { ca, server } = await pki('ed25519');
    const other = await generateCA({ organizations: ['talos'] });
    const stranger = await issueCertificate(other, { organizations: ['os:admin'], extKeyUsage: 'client' });
    const res = await handshake(ca, server, stranger);
    expect(res.serverSawOrg).toBeUndefined();
    expect(res.clientAuthorized).toBe(false);
  });

  it('the client rejects a server certificate without the right IP SAN', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const server = await issueCertificate(ca, { dnsNames: ['example.com'], extKeyUsage: 'server' });
    const client = await issueCertificate(ca, { organizations: ['os:admin'], extKeyUsage: 'client' });
    const res = await handshake(ca, server, client);
    expect(res.clientAuthorized).toBe(false);
    expect(res.clientError).toMatch(/IP|altnames|not in the cert/i);
  });
});
