import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  fingerprintsEqual,
  generateCA,
  issueCertificate,
  parseCertificate,
  spkiFingerprint,
  type KeyAlgorithm,
} from '../../../src/pki';
import { sh } from './helpers';
import { requireTool } from '../../harness/tools';

describe('spkiFingerprint', () => {
  it('is standard padded base64 of SHA-256 over the certificate SubjectPublicKeyInfo', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const fp = spkiFingerprint(ca.certPem);
    expect(fp).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const expected = createHash('sha256')
      .update(ca.cert.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
    expect(fp).toBe(expected);
    // every accepted input shape gives the same answer
    expect(spkiFingerprint(Buffer.from(ca.certPem))).toBe(fp);
    expect(spkiFingerprint(new X509Certificate(ca.certPem))).toBe(fp);
    expect(spkiFingerprint(parseCertificate(ca.certPem))).toBe(fp);
  });

  it('depends on the key only: two certificates for one key share it', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const leaf = await issueCertificate(ca, { extKeyUsage: 'server', commonName: 'a' });
    const again = await issueCertificate(ca, { extKeyUsage: 'server', commonName: 'b' });
    expect(spkiFingerprint(leaf.certPem)).not.toBe(spkiFingerprint(again.certPem));
    expect(spkiFingerprint(leaf.certPem)).not.toBe(spkiFingerprint(ca.certPem));
    expect(fingerprintsEqual(spkiFingerprint(ca.certPem), ` ${spkiFingerprint(ca.certPem)}\n`)).toBe(true);
  });

  describe('matches the openssl pipeline', () => {
    beforeAll(() => void requireTool('openssl'));
    it.each(['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'rsa-2048'] as KeyAlgorithm[])('%s', async (alg) => {
      const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: alg });
      const out = sh(
        'openssl x509 -in c.pem -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64',
        {
          'c.pem': ca.certPem,
        },
      );
      expect(spkiFingerprint(ca.certPem)).toBe(out.trim());
    });
  });
});
