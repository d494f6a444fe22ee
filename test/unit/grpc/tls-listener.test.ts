// The API's TLS listener refuses client certificates as Go's TLS server does, with an alert the client
// reads (for every TLS 1.3 cipher suite), and hands accepted connections on.
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, TlsListener } from '../../../src/grpc/tls-listener';
import { ALERT } from '../../../src/grpc/tls13-alert';
import { generateCA, issueCertificate, toNodeKeyPem, type CertAndKey } from '../../../src/pki';

let ca: CertAndKey;
let foreign: CertAndKey;
let good: CertAndKey;
let alien: CertAndKey;
let listener: TlsListener;
let port: number;
const accepted: TLSSocket[] = [];

beforeAll(async () => {
  ca = await generateCA({ organizations: ['talos'] });
  foreign = await generateCA({ organizations: ['talos'] });
  const server = await issueCertificate(ca, { ipAddresses: ['127.0.0.1'], extKeyUsage: 'server' });
  good = await issueCertificate(ca, { organizations: ['os:admin'], extKeyUsage: 'client' });
  alien = await issueCertificate(foreign, { organizations: ['os:admin'], extKeyUsage: 'client' });
  listener = new TlsListener(
    {
      certPem: server.certPem,
      keyPem: toNodeKeyPem(server.keyPem),
      clientCAsPem: ca.certPem,
      requireClientCert: true,
    },
    (socket) => {
      accepted.push(socket);
      socket.end('hello');
    },
  );
  port = await listener.listen('127.0.0.1', 0);
});
afterAll(() => listener.close());

/** Connects with `client` (or no certificate) and resolves with what the server sent, or the error. */
function talk(client: CertAndKey | undefined, ciphers?: string): Promise<string | Error> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: ca.certPem,
      ...(client ? { cert: client.certPem, key: toNodeKeyPem(client.keyPem) } : {}),
      ...(ciphers ? { ciphers } : {}),
      checkServerIdentity: () => undefined,
      minVersion: 'TLSv1.3',
    });
    let data = '';
    socket.on('data', (b: Buffer) => (data += b.toString()));
    socket.on('end', () => resolve(data));
    socket.on('error', (e: Error) => resolve(e));
  });
}

describe('TlsListener', () => {
  it('hands an accepted client on', async () => {
    expect(await talk(good)).toBe('hello');
    expect(accepted.at(-1)?.authorized).toBe(true);
  });

  for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])
    it(`answers a certificate from a foreign CA with unknown_ca (${suite})`, async () => {
      const before = accepted.length;
      expect(await talk(alien, suite)).toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA' });
      expect(accepted.length).toBe(before);
    });

  it('answers no certificate with certificate_required', async () => {
    expect(await talk(undefined)).toMatchObject({ code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  });

  it("maps OpenSSL's verification errors to Go's alerts", () => {
    expect(alertFor('UNABLE_TO_GET_ISSUER_CERT_LOCALLY')).toBe(ALERT.unknownCA);
    expect(alertFor('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe(ALERT.unknownCA);
    expect(alertFor('CERT_HAS_EXPIRED')).toBe(ALERT.certificateExpired);
    expect(alertFor('CERT_SIGNATURE_FAILURE')).toBe(ALERT.badCertificate);
    expect(alertFor('NO_CERTIFICATE')).toBe(ALERT.certificateRequired);
  });
});
