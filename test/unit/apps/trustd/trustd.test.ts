// trustd in process: the signing rules, then the real listener on 127.0.0.33 (port chosen by the OS).
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_PATH, parseCsr, signServerCertificate } from '../../../../src/apps/trustd/security-api';
import { Trustd, withEndpointSAN, type TrustdSecrets } from '../../../../src/apps/trustd/trustd';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { isApiError } from '../../../../src/grpc/errors';
import { captureLogs } from '../../../harness/log-capture';
import {
  createCertificateRequest,
  generateCA,
  generateKeyPairSync,
  parseCertificate,
  type CertAndKey,
} from '../../../../src/pki';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../../../src/resources/config/machine-config';
import { MemoryState } from '../../../../src/state';

const HOST = '127.0.0.33';
const TOKEN = 'abcdef.0123456789abcdef';
const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID };

function csr(opts: { organizations?: string[] } = {}): string {
  return createCertificateRequest({
    key: generateKeyPairSync('ed25519').privateKey,
    commonName: 'talos-default-worker-1',
    dnsNames: ['talos-default-worker-1'],
    ipAddresses: ['10.5.0.4'],
    ...opts,
  });
}

describe('signing a worker CSR', () => {
  let ca: CertAndKey;
  let other: CertAndKey;
  beforeAll(async () => {
    ca = await generateCA({ organizations: ['talos'] });
    other = await generateCA({ organizations: ['talos'] });
  });

  it('issues a server-only certificate from the OS CA and drops the Organization', () => {
    const authority = {
      issuingCA: { crt: ca.certPem, key: ca.keyPem },
      acceptedCAs: [other.certPem, ca.certPem],
    };
    const before = Date.now();
    const signed = signServerCertificate(
      parseCsr(Buffer.from(csr({ organizations: ['os:impersonator'] }))),
      authority,
    );
    const cert = parseCertificate(signed.crt);
    expect(cert.subject.commonName).toBe('talos-default-worker-1');
    expect(cert.subject.organizations).toEqual([]);
    expect(cert.issuer.raw.equals(ca.parsed.subject.raw)).toBe(true);
    expect(cert.x509.verify(ca.cert.publicKey)).toBe(true);
    expect(cert.keyUsage).toEqual(['digitalSignature']);
    expect(cert.extKeyUsage).toEqual(['serverAuth']);
    expect(cert.isCA).toBe(false);
    expect(cert.dnsNames).toEqual(['talos-default-worker-1']);
    expect(cert.ipAddresses).toEqual(['10.5.0.4']);
    expect(cert.authorityKeyId?.equals(ca.parsed.subjectKeyId!)).toBe(true);
    expect(cert.notBefore.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(24 * 60 * 60 * 1000);
    expect(signed.ca.toString()).toBe(other.certPem + ca.certPem);
  });

  it.each([
    ['no PEM', 'garbage', 'failed to decode CSR'],
    [
      'a broken CSR',
      '-----BEGIN CERTIFICATE REQUEST-----\nMAA=\n-----END CERTIFICATE REQUEST-----\n',
      /^failed to parse CSR: /,
    ],
    [
      'a forged signature',
      csr().replace(/[A-Za-z0-9](=*\n-----END)/, (m, rest: string) => `${m[0] === 'A' ? 'B' : 'A'}${rest}`),
      /^failed verifying CSR signature/,
    ],
  ])('refuses %s as InvalidArgument', (_name, text, message) => {
    let err: unknown;
    try {
      parseCsr(Buffer.from(text));
    } catch (e: unknown) {
      err = e;
    }
    expect(isApiError(err) && err.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect((err as Error).message).toMatch(message);
  });

  it('adds the control-plane endpoint host to the server SANs once', () => {
    const sans = { ips: ['10.5.0.2'], dnsNames: ['cp-1'] };
    expect(withEndpointSAN(sans, '10.5.0.2')).toBe(sans);
    expect(withEndpointSAN(sans, 'kube.example.org').dnsNames).toEqual(['cp-1', 'kube.example.org']);
    expect(withEndpointSAN(sans, 'fd00::5').ips).toEqual(['10.5.0.2', 'fd00::5']);
  });
});

describe(`trustd listening on ${HOST}`, () => {
  const state = new MemoryState();
  const stop = new AbortController();
  const log = captureLogs();
  let ca: CertAndKey;
  let secrets: TrustdSecrets | undefined;
  let address = '';
  let running: Promise<void>;
  let listening: Promise<string>;

  const methods = new Map(apiSchema().methods.map((m) => [m.path, m]));

  function request(
    path: string,
    body: object,
    token?: string,
    caPem = ca.certPem,
  ): Promise<{ ca: Buffer; crt: Buffer }> {
    const m = methods.get(path)!;
    const client = new grpc.Client(address, grpc.credentials.createSsl(Buffer.from(caPem)));
    const md = new grpc.Metadata();
    if (token !== undefined) md.set('token', token);
    return new Promise((resolve, reject) => {
      client.makeUnaryRequest(
        path,
        m.requestSerialize,
        m.responseDeserialize,
        body,
        md,
        { deadline: Date.now() + 10_000 },
        (err, res) => {
          client.close();
          if (err) reject(err);
          else resolve(res as { ca: Buffer; crt: Buffer });
        },
      );
    });
  }

  const code = (p: Promise<unknown>): Promise<string> =>
    p.then(
      () => 'OK',
      (e: unknown) => `${grpc.status[(e as grpc.ServiceError).code]}: ${(e as grpc.ServiceError).details}`,
    );

  beforeAll(async () => {
    ca = await generateCA({ organizations: ['talos'] });
    secrets = {
      issuingCA: { crt: ca.certPem, key: ca.keyPem },
      acceptedCAs: [ca.certPem],
      token: TOKEN,
      sans: { ips: [HOST], dnsNames: [] },
    };
    listening = new Promise((resolve) => {
      const trustd = new Trustd({
        state,
        listen: HOST,
        port: 0,
        secrets: () => secrets,
        logger: log.logger,
        onListening: resolve,
      });
      running = trustd.run(stop.signal);
    });
    await state.modify(CONFIG, () => ({ yaml: 'v1' }));
    address = await listening;
  });

  afterAll(async () => {
    stop.abort();
    await running;
  });

  it('serves a TLS certificate from the OS CA for its address', async () => {
    expect(address).toMatch(/^127\.0\.0\.33:\d+$/);
    // a client that trusts another CA is refused at the handshake
    const stranger = await generateCA({ organizations: ['talos'] });
    expect(
      await code(request(CERTIFICATE_PATH, { csr: Buffer.from(csr()) }, TOKEN, stranger.certPem)),
    ).toMatch(/^UNAVAILABLE/);
  });

  it('signs a CSR for a caller with the machine token', async () => {
    const res = await request(
      CERTIFICATE_PATH,
      { csr: Buffer.from(csr({ organizations: ['os:admin'] })) },
      TOKEN,
    );
    expect(Buffer.from(res.ca).toString()).toBe(ca.certPem);
    const cert = parseCertificate(Buffer.from(res.crt).toString());
    expect(cert.x509.verify(ca.cert.publicKey)).toBe(true);
    expect(cert.subject.organizations).toEqual([]);
    expect(cert.extKeyUsage).toEqual(['serverAuth']);
    expect(log.text()).toMatch(
      /received CSR signing request from 127\.0\.0\.\d+:\d+: subject CN=talos-default-worker-1,O=os:admin dns names \[talos-default-worker-1\] addresses \[10\.5\.0\.4\]/,
    );
    expect(log.text()).toContain('removing client auth organization from CSR: [os:admin]');
  });

  it('refuses a wrong or missing token before looking at the CSR', async () => {
    expect(
      await code(request(CERTIFICATE_PATH, { csr: Buffer.from(csr()) }, 'abcdef.0123456789abcdeX')),
    ).toBe('UNAUTHENTICATED: invalid token');
    expect(await code(request(CERTIFICATE_PATH, { csr: Buffer.from('junk') }))).toBe(
      'UNAUTHENTICATED: missing token',
    );
    expect(log.text()).not.toContain('abcdef.0123456789abcdeX');
    expect(log.text()).not.toContain(TOKEN);
  });

  it('refuses a bad CSR as InvalidArgument', async () => {
    expect(await code(request(CERTIFICATE_PATH, { csr: Buffer.from('junk') }, TOKEN))).toBe(
      'INVALID_ARGUMENT: failed to decode CSR',
    );
  });

  it('answers Unimplemented for every other method', async () => {
    expect(await code(request('/machine.MachineService/Version', {}, TOKEN))).toMatch(/^UNIMPLEMENTED/);
  });

  it('stops when the config no longer makes it a control-plane node', async () => {
    secrets = undefined;
    await state.modify(CONFIG, () => ({ yaml: 'v2' }));
    for (let i = 0; i < 50 && !log.text().includes('trustd stopped'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(log.text()).toContain('trustd stopped');
    expect(await code(request(CERTIFICATE_PATH, { csr: Buffer.from(csr()) }, TOKEN))).toMatch(/^UNAVAILABLE/);
  });
});
