// trustd against hostile requests: whatever a CSR asks for (an admin Organization, client auth, a CA,
// key usages, names that are not the worker's), the answer is a server-only leaf certificate with no
// Organization; malformed and oversized CSRs are InvalidArgument, over the wire too.
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_PATH, parseCsr, signServerCertificate } from '../../../../src/apps/trustd/security-api';
import { Trustd } from '../../../../src/apps/trustd/trustd';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { isApiError } from '../../../../src/grpc/errors';
import { generateCA, parseCertificate, type CertAndKey } from '../../../../src/pki';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../../../src/resources/config/machine-config';
import { MemoryState } from '../../../../src/state';
import { captureLogs } from '../../../harness/log-capture';
import { requireTool } from '../../../harness/tools';
import { sh } from '../../pki/helpers';

const HOST = '127.0.0.34';
const TOKEN = 'abcdef.0123456789abcdef';

/** A CSR made by openssl with everything a worker must not get. */
function hostileCsr(keyAlgorithm: string): string {
  requireTool('openssl');
  return sh(
    `openssl req -new -newkey ${keyAlgorithm} -nodes -keyout key.pem -subj '/CN=evil/O=os:admin/O=os:impersonator' ` +
      `-addext 'basicConstraints=critical,CA:TRUE,pathlen:3' -addext 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature' ` +
      `-addext 'extendedKeyUsage=clientAuth,serverAuth,codeSigning' ` +
      `-addext 'subjectAltName=DNS:localhost,DNS:kubernetes.default,DNS:*.example.org,IP:127.0.0.1,IP:10.5.0.2' ` +
      `-out csr.pem 2>/dev/null && cat csr.pem`,
  );
}

describe('trustd and hostile CSRs', () => {
  let ca: CertAndKey;
  beforeAll(async () => {
    ca = await generateCA({ organizations: ['talos'] });
  });

  it.each([['ed25519'], ['ec -pkeyopt ec_paramgen_curve:P-256'], ['rsa:2048']])(
    'signs only a server leaf with no Organization for a CSR asking for more (%s)',
    (alg) => {
      const request = parseCsr(Buffer.from(hostileCsr(alg)));
      expect(request.subject.organizations).toEqual(['os:admin', 'os:impersonator']);
      const signed = signServerCertificate(request, {
        issuingCA: { crt: ca.certPem, key: ca.keyPem },
        acceptedCAs: [ca.certPem],
      });
      const cert = parseCertificate(signed.crt);
      expect(cert.subject.organizations).toEqual([]);
      expect(cert.subject.commonName).toBe('evil');
      expect(cert.isCA).toBe(false);
      expect(cert.keyUsage).toEqual(['digitalSignature']);
      expect(cert.extKeyUsage).toEqual(['serverAuth']);
      // the names are signed as asked (Talos does not check them either), but only for serving
      expect(cert.dnsNames).toEqual(['localhost', 'kubernetes.default', '*.example.org']);
      expect(cert.ipAddresses).toEqual(['127.0.0.1', '10.5.0.2']);
      expect(cert.x509.verify(ca.cert.publicKey)).toBe(true);
      // openssl agrees: not a CA, not usable for client auth
      const text = sh('openssl x509 -in c.pem -noout -text', { 'c.pem': signed.crt.toString() });
      expect(text).not.toContain('CA:TRUE');
      expect(text).not.toContain('Certificate Sign');
      expect(text).toContain('TLS Web Server Authentication');
      expect(text).not.toContain('TLS Web Client Authentication');
      expect(text).not.toMatch(/Subject:.*O\s*=/);
    },
  );

  it.each([
    [
      'a CSR over the size limit',
      `-----BEGIN CERTIFICATE REQUEST-----\n${'A'.repeat(200_000)}\n-----END CERTIFICATE REQUEST-----\n`,
    ],
    ['a certificate instead of a CSR', ''],
    ['binary garbage', '\u0000\u0001\u0002'],
    ['a truncated CSR', ''],
  ])('refuses %s as InvalidArgument', (name, text) => {
    let input = text;
    if (name === 'a certificate instead of a CSR') input = ca.certPem;
    if (name === 'a truncated CSR') {
      const good = hostileCsr('ed25519');
      const body = good.split('\n').slice(1, -2).join('');
      input = `-----BEGIN CERTIFICATE REQUEST-----\n${body.slice(0, body.length / 2)}\n-----END CERTIFICATE REQUEST-----\n`;
    }
    let err: unknown;
    try {
      parseCsr(Buffer.from(input));
    } catch (e: unknown) {
      err = e;
    }
    expect(isApiError(err) && err.code).toBe(grpc.status.INVALID_ARGUMENT);
  });
});

describe(`trustd on ${HOST}: hostile requests over the wire`, () => {
  const state = new MemoryState();
  const stop = new AbortController();
  const log = captureLogs();
  let ca: CertAndKey;
  let address = '';
  let running: Promise<void>;
  const m = apiSchema().methods.find((x) => x.path === CERTIFICATE_PATH)!;

  function ask(csr: Buffer): Promise<{ crt: Buffer }> {
    const client = new grpc.Client(address, grpc.credentials.createSsl(Buffer.from(ca.certPem)));
    const md = new grpc.Metadata();
    md.set('token', TOKEN);
    return new Promise((resolve, reject) =>
      client.makeUnaryRequest(
        CERTIFICATE_PATH,
        m.requestSerialize,
        m.responseDeserialize,
        { csr },
        md,
        { deadline: Date.now() + 10_000 },
        (err, res) => {
          client.close();
          if (err) reject(err);
          else resolve(res as { crt: Buffer });
        },
      ),
    );
  }

  beforeAll(async () => {
    ca = await generateCA({ organizations: ['talos'] });
    const listening = new Promise<string>((resolve) => {
      running = new Trustd({
        state,
        listen: HOST,
        port: 0,
        secrets: () => ({
          issuingCA: { crt: ca.certPem, key: ca.keyPem },
          acceptedCAs: [ca.certPem],
          token: TOKEN,
          sans: { ips: [HOST], dnsNames: [] },
        }),
        logger: log.logger,
        onListening: resolve,
      }).run(stop.signal);
    });
    await state.modify(
      { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID },
      () => ({ yaml: 'cp' }),
    );
    address = await listening;
  });

  afterAll(async () => {
    stop.abort();
    await running;
  });

  const codeOf = (p: Promise<unknown>): Promise<number> =>
    p.then(
      () => 0,
      (e: unknown) => (e as grpc.ServiceError).code,
    );

  it('answers a hostile CSR with a server-only certificate', async () => {
    const res = await ask(Buffer.from(hostileCsr('ed25519')));
    const cert = parseCertificate(Buffer.from(res.crt).toString());
    expect([cert.isCA, cert.subject.organizations, cert.extKeyUsage]).toEqual([false, [], ['serverAuth']]);
  });

  it('refuses huge and malformed CSRs with InvalidArgument, and keeps serving', async () => {
    const huge = Buffer.concat([
      Buffer.from('-----BEGIN CERTIFICATE REQUEST-----\n'),
      Buffer.alloc(512 * 1024, 'Q'),
      Buffer.from('\n-----END CERTIFICATE REQUEST-----\n'),
    ]);
    expect(await codeOf(ask(huge))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(ask(Buffer.alloc(0)))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(ask(randomBytes(4096)))).toBe(grpc.status.INVALID_ARGUMENT);
    expect(await codeOf(ask(Buffer.from(hostileCsr('ed25519'))))).toBe(0);
  });
});
