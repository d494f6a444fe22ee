// A worker getting apid's certificate from an in-process trustd on 127.0.0.34.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requestWorkerCertificates,
  trustdHost,
  type WorkerCertificatesOptions,
} from '../../../src/secrets/trustd-client';
import { Trustd } from '../../../src/apps/trustd/trustd';
import { captureLogs } from '../../harness/log-capture';
import { certificateMatchesKey, generateCA, parseCertificate, type CertAndKey } from '../../../src/pki';
import { MachineConfigDefinition, MACHINE_CONFIG_ID } from '../../../src/resources/config/machine-config';
import { MemoryState } from '../../../src/state';

const HOST = '127.0.0.34';
const TOKEN = 'qwerty.0123456789qwerty';

describe('trustdHost', () => {
  it('takes the control-plane endpoint host, without IPv6 brackets', () => {
    expect(trustdHost(new URL('https://10.5.0.2:6443'))).toBe('10.5.0.2');
    expect(trustdHost(new URL('https://[fd00::2]:6443'))).toBe('fd00::2');
    expect(trustdHost(new URL('https://kube.example.org'))).toBe('kube.example.org');
    expect(trustdHost(undefined)).toBeUndefined();
  });
});

describe(`worker certificates from trustd on ${HOST}`, () => {
  const state = new MemoryState();
  const stop = new AbortController();
  let ca: CertAndKey;
  let port = 0;
  let running: Promise<void>;

  const options = (
    over: Partial<WorkerCertificatesOptions>,
    logger = captureLogs().logger,
  ): WorkerCertificatesOptions => ({
    endpoint: HOST,
    port,
    token: TOKEN,
    trustedCAs: [ca.certPem],
    sans: { ips: ['127.0.0.35'], dnsNames: ['worker-1'] },
    commonName: 'worker-1',
    logger,
    backoff: { initialMs: 20, maxMs: 40, attemptTimeoutMs: 2_000 },
    ...over,
  });

  beforeAll(async () => {
    ca = await generateCA({ organizations: ['talos'] });
    const listening = new Promise<string>((resolve) => {
      const trustd = new Trustd({
        state,
        listen: HOST,
        port: 0,
        secrets: () => ({
          issuingCA: { crt: ca.certPem, key: ca.keyPem },
          acceptedCAs: [ca.certPem],
          token: TOKEN,
          sans: { ips: [HOST], dnsNames: [] },
        }),
        logger: captureLogs().logger,
        onListening: resolve,
      });
      running = trustd.run(stop.signal);
    });
    await state.modify(
      { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID },
      () => ({
        yaml: 'cp',
      }),
    );
    port = Number((await listening).split(':').pop());
  });

  afterAll(async () => {
    stop.abort();
    await running;
  });

  it('gets a server certificate for its own key, chained to the OS CA', async () => {
    const certs = await requestWorkerCertificates(options({}), new AbortController().signal);
    expect(certs.acceptedCAs).toEqual([ca.certPem]);
    expect(certs.skipVerifyingClientCert).toBe(false);
    expect(certs.server.key).toMatch(/^-----BEGIN ED25519 PRIVATE KEY-----/);
    expect(certificateMatchesKey(certs.server.crt, certs.server.key)).toBe(true);
    const cert = parseCertificate(certs.server.crt);
    expect(cert.x509.verify(ca.cert.publicKey)).toBe(true);
    expect(cert.subject.commonName).toBe('worker-1');
    expect(cert.ipAddresses).toEqual(['127.0.0.35']);
    expect(cert.dnsNames).toEqual(['worker-1']);
    expect(cert.extKeyUsage).toEqual(['serverAuth']);
  });

  it('retries a refused token with backoff, logs why without the token, and stops on abort', async () => {
    const log = captureLogs();
    const ac = new AbortController();
    const p = requestWorkerCertificates(options({ token: 'qwerty.wrongwrongwrong' }, log.logger), ac.signal);
    const failures = (): number => log.text().split('failed to get apid certificate from trustd').length - 1;
    for (let i = 0; i < 200 && failures() < 3; i++) await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(failures()).toBeGreaterThanOrEqual(3);
    expect(log.text()).toContain('"code":"UNAUTHENTICATED"');
    expect(log.text()).toContain('invalid token');
    expect(log.text()).not.toContain('wrongwrongwrong');
  });

  it('does not trust a trustd whose certificate does not chain to its CAs', async () => {
    const log = captureLogs();
    const ac = new AbortController();
    const stranger = await generateCA({ organizations: ['talos'] });
    const p = requestWorkerCertificates(options({ trustedCAs: [stranger.certPem] }, log.logger), ac.signal);
    for (let i = 0; i < 200 && !log.text().includes('failed to get apid'); i++)
      await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(log.text()).toContain('"code":"UNAVAILABLE"');
  });

  it("makes a key of the last trusted CA's family (ECDSA CA: P-256 key)", async () => {
    const ecCA = await generateCA({ organizations: ['talos'], keyAlgorithm: 'ecdsa-p256' });
    const ac = new AbortController();
    // the last trusted CA picks the key family, as siderolabs/crypto's NewCSRAndIdentityFromCA
    const log = captureLogs();
    const p = requestWorkerCertificates(
      options({ trustedCAs: [ca.certPem, ecCA.certPem] }, log.logger),
      ac.signal,
    );
    const certs = await p;
    expect(certs.server.key).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
  });
});
