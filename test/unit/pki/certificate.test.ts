import { beforeAll, describe, expect, it } from 'vitest';

import {
  CA_VALIDITY_MS,
  DEFAULT_CERT_VALIDITY_MS,
  certificateMatchesKey,
  decodePem,
  describeKey,
  generateCA,
  generateKeyPairSync,
  issueCertificate,
  loadCertAndKey,
  parseCertificate,
  signCertificate,
  spkiDer,
  type KeyAlgorithm,
} from '../../../src/pki';
import { pemLabel, sh } from './helpers';
import { requireTool } from '../../harness/tools';

describe('generateCA', () => {
  it('builds a Talos-style Ed25519 CA by default', async () => {
    const now = new Date('2030-01-02T03:04:05.678Z');
    const ca = await generateCA({ organizations: ['talos'], notBefore: now });
    const p = ca.parsed;
    expect(pemLabel(ca.certPem)).toBe('CERTIFICATE');
    expect(pemLabel(ca.keyPem)).toBe('ED25519 PRIVATE KEY');
    expect(describeKey(ca.key).family).toBe('ed25519');
    expect(p.version).toBe(3);
    expect(p.signatureAlgorithm).toBe('Ed25519');
    expect(p.subject.organizations).toEqual(['talos']);
    expect(p.subject.commonName).toBeUndefined();
    expect(p.issuer.raw.equals(p.subject.raw)).toBe(true);
    expect(p.notBefore.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(p.notAfter.getTime() - p.notBefore.getTime()).toBe(CA_VALIDITY_MS);
    expect(p.isCA).toBe(true);
    expect(p.basicConstraintsCritical).toBe(true);
    expect(p.keyUsage).toEqual(['digitalSignature', 'keyCertSign']);
    expect(p.keyUsageCritical).toBe(true);
    expect(p.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(p.subjectKeyId?.length).toBe(20);
    expect(p.authorityKeyId).toBeUndefined();
    // extension order as Go's crypto/x509 writes them
    expect(p.extensionOids).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.19', '2.5.29.14']);
    expect(p.serialNumber.length).toBeLessThanOrEqual(32);
    // node agrees: self-signed and valid signature
    expect(ca.cert.ca).toBe(true);
    expect(ca.cert.checkIssued(ca.cert)).toBe(true);
    expect(ca.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(ca.cert.subject).toBe('O=talos');
    expect(ca.cert.serialNumber.toLowerCase().replace(/^0+/, '')).toBe(p.serialNumber);
  });

  it.each([
    ['ecdsa-p256', 'ECDSA-SHA256'],
    ['ecdsa-p384', 'ECDSA-SHA384'],
    ['rsa-2048', 'SHA512-RSA'],
  ] as const)('%s CA signs with %s', async (alg, sigAlg) => {
    const ca = await generateCA({ organizations: ['kubernetes'], keyAlgorithm: alg });
    expect(ca.parsed.signatureAlgorithm).toBe(sigAlg);
    expect(describeKey(ca.key).algorithm).toBe(alg);
    expect(ca.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(pemLabel(ca.keyPem)).toBe(alg.startsWith('rsa') ? 'RSA PRIVATE KEY' : 'EC PRIVATE KEY');
  });

  it('supports an empty subject (Talos aggregator CA)', async () => {
    const ca = await generateCA({ keyAlgorithm: 'ecdsa-p256' });
    expect(ca.parsed.subject.attributes).toEqual([]);
    expect(ca.parsed.subject.raw.toString('hex')).toBe('3000');
    expect(ca.cert.subject ?? '').toBe('');
    expect(ca.cert.verify(ca.cert.publicKey)).toBe(true);
  });

  it('uses GeneralizedTime after 2049', async () => {
    const ca = await generateCA({ notBefore: new Date('2045-06-01T00:00:00Z') });
    expect(ca.parsed.notAfter.toISOString()).toBe(
      new Date(Date.parse('2045-06-01T00:00:00Z') + CA_VALIDITY_MS).toISOString(),
    );
    expect(new Date(ca.cert.validTo).getTime()).toBe(ca.parsed.notAfter.getTime());
  });
});

describe('issueCertificate', () => {
  it('issues an Ed25519 leaf from an Ed25519 CA with names, SANs and usages', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const leaf = await issueCertificate(ca, {
      commonName: 'node-1',
      organizations: ['os:admin', 'os:reader'],
      dnsNames: ['node-1.example.com', 'localhost'],
      ipAddresses: ['10.5.0.2', '::1', 'fd00::5'],
      extKeyUsage: 'server',
    });
    const p = leaf.parsed;
    expect(describeKey(leaf.key).family).toBe('ed25519');
    expect(pemLabel(leaf.keyPem)).toBe('ED25519 PRIVATE KEY');
    expect(p.subject.organizations).toEqual(['os:admin', 'os:reader']);
    expect(p.subject.commonName).toBe('node-1');
    expect(p.issuer.raw.equals(ca.parsed.subject.raw)).toBe(true);
    expect(p.dnsNames).toEqual(['node-1.example.com', 'localhost']);
    expect(p.ipAddresses).toEqual(['10.5.0.2', '::1', 'fd00::5']);
    expect(p.subjectAltNameCritical).toBe(false);
    expect(p.extKeyUsage).toEqual(['serverAuth']);
    expect(p.keyUsage).toEqual(['digitalSignature']);
    expect(p.isCA).toBe(false);
    expect(p.extensionOids).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.35', '2.5.29.17']);
    expect(p.authorityKeyId?.equals(ca.parsed.subjectKeyId ?? Buffer.alloc(0))).toBe(true);
    expect(p.subjectKeyId).toBeUndefined();
    expect(p.notAfter.getTime() - p.notBefore.getTime()).toBe(DEFAULT_CERT_VALIDITY_MS);
    expect(leaf.cert.checkIssued(ca.cert)).toBe(true);
    expect(leaf.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(leaf.cert.subjectAltName).toBe(
      'DNS:node-1.example.com, DNS:localhost, IP Address:10.5.0.2, IP Address:0:0:0:0:0:0:0:1, IP Address:FD00:0:0:0:0:0:0:5',
    );
    expect(leaf.cert.checkIP('10.5.0.2')).toBe('10.5.0.2');
    expect(leaf.cert.checkHost('node-1.example.com')).toBe('node-1.example.com');
  });

  it('has no default extended key usage: the caller always chooses server, client or both', async () => {
    const ca = await generateCA();
    const pair = generateKeyPairSync('ed25519');
    // @ts-expect-error extKeyUsage is required, so no caller gets client auth by forgetting it
    expect(() => signCertificate(ca, pair.publicKey, { commonName: 'x' })).toThrow(
      'invalid extended key usage: undefined',
    );
    expect(signCertificate(ca, pair.publicKey, { extKeyUsage: 'server' }).extKeyUsage).toEqual([
      'serverAuth',
    ]);
  });

  it.each([
    ['client', ['clientAuth']],
    ['both', ['serverAuth', 'clientAuth']],
  ] as const)('extKeyUsage %s', async (usage, expected) => {
    const ca = await generateCA();
    const leaf = await issueCertificate(ca, { organizations: ['x'], extKeyUsage: usage });
    expect(leaf.parsed.extKeyUsage).toEqual(expected);
  });

  it.each([
    ['ecdsa-p256', 'ecdsa-p256'],
    ['ecdsa-p384', 'ecdsa-p256'],
  ] as const)('%s CA issues %s leaves by default', async (caAlg, leafAlg) => {
    const ca = await generateCA({ organizations: ['etcd'], keyAlgorithm: caAlg });
    const leaf = await issueCertificate(ca, { extKeyUsage: 'server', commonName: 'etcd-peer' });
    expect(describeKey(leaf.key).algorithm).toBe(leafAlg);
    expect(pemLabel(leaf.keyPem)).toBe('EC PRIVATE KEY');
    expect(leaf.cert.verify(ca.cert.publicKey)).toBe(true);
  });

  it('RSA CA; leaf key algorithm can be chosen', async () => {
    const ca = await generateCA({ keyAlgorithm: 'rsa-2048', organizations: ['rsa'] });
    const leaf = await issueCertificate(ca, {
      extKeyUsage: 'server',
      keyAlgorithm: 'rsa-2048',
      commonName: 'r',
    });
    expect(describeKey(leaf.key).algorithm).toBe('rsa-2048');
    expect(leaf.parsed.signatureAlgorithm).toBe('SHA512-RSA');
    expect(leaf.cert.verify(ca.cert.publicKey)).toBe(true);
    const mixed = await issueCertificate(ca, {
      extKeyUsage: 'server',
      keyAlgorithm: 'ed25519',
      commonName: 'e',
    });
    expect(describeKey(mixed.key).family).toBe('ed25519');
    expect(mixed.cert.verify(ca.cert.publicKey)).toBe(true);
  });

  it('empty subject with SANs makes the SAN extension critical (RFC 5280)', async () => {
    const ca = await generateCA();
    const leaf = await issueCertificate(ca, { extKeyUsage: 'server', dnsNames: ['only-san'] });
    expect(leaf.parsed.subject.attributes).toEqual([]);
    expect(leaf.parsed.subjectAltNameCritical).toBe(true);
  });

  it('IPv4-mapped IPv6 SANs are stored as 4 bytes (like Go)', async () => {
    const ca = await generateCA();
    const leaf = await issueCertificate(ca, {
      extKeyUsage: 'server',
      commonName: 'x',
      ipAddresses: ['::ffff:192.0.2.1'],
    });
    expect(leaf.parsed.ipAddresses).toEqual(['192.0.2.1']);
  });

  it('honours explicit validity', async () => {
    const ca = await generateCA();
    const notBefore = new Date('2031-05-05T05:05:05Z');
    const leaf = await issueCertificate(ca, {
      extKeyUsage: 'server',
      commonName: 'x',
      notBefore,
      validityMs: 3600_000,
    });
    expect(leaf.parsed.notBefore.toISOString()).toBe('2031-05-05T05:05:05.000Z');
    expect(leaf.parsed.notAfter.toISOString()).toBe('2031-05-05T06:05:05.000Z');
    const leaf2 = await issueCertificate(ca, {
      extKeyUsage: 'server',
      commonName: 'x',
      notBefore,
      notAfter: new Date('2032-01-01T00:00:00Z'),
    });
    expect(leaf2.parsed.notAfter.toISOString()).toBe('2032-01-01T00:00:00.000Z');
  });

  it('signCertificate certifies an existing public key', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const pair = generateKeyPairSync('ed25519');
    const cert = signCertificate(ca, pair.publicKey, { commonName: 'csr', extKeyUsage: 'server' });
    expect(spkiDer(cert.publicKey).equals(spkiDer(pair.publicKey))).toBe(true);
    expect(cert.x509.verify(ca.cert.publicKey)).toBe(true);
    expect(certificateMatchesKey(cert, pair.privateKey)).toBe(true);
  });

  it('accepts the CA as PEM strings in either shape', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const a = await issueCertificate(
      { certPem: ca.certPem, keyPem: ca.keyPem },
      { extKeyUsage: 'server', commonName: 'a' },
    );
    const b = await issueCertificate(
      { crt: ca.certPem, key: ca.keyPem },
      { extKeyUsage: 'server', commonName: 'b' },
    );
    expect(a.cert.verify(ca.cert.publicKey)).toBe(true);
    expect(b.cert.verify(ca.cert.publicKey)).toBe(true);
  });
});

describe('parse / load / match', () => {
  it('parseCertificate round-trips PEM and exposes node views', async () => {
    const ca = await generateCA({ organizations: ['talos'] });
    const p = parseCertificate(ca.certPem);
    expect(p.pem).toBe(ca.certPem);
    expect(p.der.equals(decodePem(ca.certPem).der)).toBe(true);
    expect(p.x509.fingerprint256).toBe(ca.cert.fingerprint256);
    expect(spkiDer(p.publicKey).equals(p.spki)).toBe(true);
    expect(() => parseCertificate(ca.keyPem)).toThrow(/unexpected PEM block type/);
  });

  it('loadCertAndKey validates the pair; certificateMatchesKey reports mismatches', async () => {
    const ca1 = await generateCA({ organizations: ['one'] });
    const ca2 = await generateCA({ organizations: ['two'] });
    const loaded = loadCertAndKey({ crt: ca1.certPem, key: ca1.keyPem });
    expect(loaded.parsed.subject.organizations).toEqual(['one']);
    expect(loaded.keyPem).toBe(ca1.keyPem);
    expect(() => loadCertAndKey({ crt: ca1.certPem, key: ca2.keyPem })).toThrow(/does not match/);
    expect(certificateMatchesKey(ca1.certPem, ca1.keyPem)).toBe(true);
    expect(certificateMatchesKey(ca1.cert, ca2.key)).toBe(false);
    expect(certificateMatchesKey(ca1, 'garbage')).toBe(false);
    // PKCS#8 form of the same key also matches
    expect(
      certificateMatchesKey(ca1.parsed, ca1.key.export({ type: 'pkcs8', format: 'pem' }) as string),
    ).toBe(true);
  });
});

describe('openssl agrees', () => {
  beforeAll(() => void requireTool('openssl'));
  it.each(['ed25519', 'ecdsa-p256', 'rsa-2048'] as KeyAlgorithm[])(
    '%s chain verifies and prints as expected',
    async (alg) => {
      const ca = await generateCA({ organizations: ['talos'], keyAlgorithm: alg });
      const leaf = await issueCertificate(ca, {
        organizations: ['os:admin'],
        extKeyUsage: 'client',
        keyAlgorithm: alg === 'rsa-2048' ? 'rsa-2048' : undefined,
      });
      const out = sh(
        'openssl verify -purpose sslclient -CAfile ca.pem leaf.pem && openssl x509 -in leaf.pem -noout -subject -issuer -ext keyUsage,extendedKeyUsage',
        {
          'ca.pem': ca.certPem,
          'leaf.pem': leaf.certPem,
        },
      );
      expect(out).toContain('leaf.pem: OK');
      expect(out).toContain('subject=O = os:admin');
      expect(out).toContain('issuer=O = talos');
      expect(out).toMatch(/Key Usage: critical\s+Digital Signature/);
      expect(out).toMatch(/TLS Web Client Authentication/);
    },
  );

  it('prints every extension of a server leaf the way we built it', async () => {
    const ca = await generateCA({ organizations: ['etcd'], keyAlgorithm: 'ecdsa-p256' });
    const leaf = await issueCertificate(ca, {
      commonName: 'peer',
      dnsNames: ['a.b'],
      ipAddresses: ['10.0.0.1', 'fd00::1'],
      extKeyUsage: 'both',
    });
    const text = sh('openssl x509 -in leaf.pem -noout -text', { 'leaf.pem': leaf.certPem });
    expect(text).toContain('Signature Algorithm: ecdsa-with-SHA256');
    expect(text).toContain('Subject: CN = peer');
    expect(text).toContain('Issuer: O = etcd');
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(
      /X509v3 Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication/,
    );
    expect(text).toMatch(
      /X509v3 Subject Alternative Name: \n\s+DNS:a\.b, IP Address:10\.0\.0\.1, IP Address:FD00:0:0:0:0:0:0:1/,
    );
    expect(text).not.toContain('Basic Constraints');
    const caText = sh('openssl x509 -in ca.pem -noout -text', { 'ca.pem': ca.certPem });
    expect(caText).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE\n/);
    expect(caText).toMatch(/X509v3 Key Usage: critical\s+Digital Signature, Certificate Sign/);
  });
});
