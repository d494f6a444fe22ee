import { describe, expect, it } from 'vitest';

import {
  generateSecretsBundle,
  generateToken,
  parseSecretsBundle,
  parseYamlDocuments,
  secretsBundleToYamlObject,
  serializeSecretsBundle,
  validateSecretsBundle,
} from '../../../src/cli/gen';
import {
  certificateMatchesKey,
  describeKey,
  decodePrivateKeyPem,
  parseCertificate,
  CA_VALIDITY_MS,
} from '../../../src/pki';
import { readGolden } from '../../harness/reference';
import { b64pem, sharedBundle } from './helpers';
import { errorMessage } from '../../../src/error-message';

const TOKEN = /^[0-9a-z]{6}\.[0-9a-z]{16}$/;
const label = (pem: string): string => /-----BEGIN ([A-Z0-9 ]+)-----/.exec(pem)?.[1] ?? '';

describe('secrets bundle generation', () => {
  it('uses Talos v1.13 algorithms, subjects and formats', async () => {
    const now = new Date('2030-03-04T05:06:07Z');
    const b = await generateSecretsBundle({ now });

    expect(b.cluster.id).toMatch(/^[A-Za-z0-9_-]{43}=$/);
    expect(Buffer.from(b.cluster.id, 'base64url').length).toBe(32);
    expect(b.cluster.secret).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(b.cluster.secret, 'base64').length).toBe(32);
    expect(b.secrets.bootstrapToken).toMatch(TOKEN);
    expect(b.trustdInfo.token).toMatch(TOKEN);
    expect(Buffer.from(b.secrets.secretboxEncryptionSecret ?? '', 'base64').length).toBe(32);
    expect(b.secrets.aescbcEncryptionSecret).toBeUndefined();

    const os = parseCertificate(b.certs.os.crt);
    expect(label(b.certs.os.key)).toBe('ED25519 PRIVATE KEY');
    expect(os.signatureAlgorithm).toBe('Ed25519');
    expect(os.subject.organizations).toEqual(['talos']);

    for (const [name, org] of [
      ['etcd', ['etcd']],
      ['k8s', ['kubernetes']],
      ['k8sAggregator', []],
    ] as const) {
      const pair = b.certs[name];
      const cert = parseCertificate(pair.crt);
      expect(label(pair.key)).toBe('EC PRIVATE KEY');
      expect(describeKey(decodePrivateKeyPem(pair.key)).algorithm).toBe('ecdsa-p256');
      expect(cert.signatureAlgorithm).toBe('ECDSA-SHA256');
      expect(cert.subject.organizations).toEqual(org);
      expect(cert.subject.commonName).toBeUndefined();
      expect(cert.isCA).toBe(true);
      expect(cert.notBefore.toISOString()).toBe(now.toISOString());
      expect(cert.notAfter.getTime() - now.getTime()).toBe(CA_VALIDITY_MS);
      expect(certificateMatchesKey(pair.crt, pair.key)).toBe(true);
    }
    expect(parseCertificate(b.certs.k8sAggregator.crt).subject.raw.toString('hex')).toBe('3000');

    // Talos >= 1.7 contract: RSA-4096 service account key in PKCS#1
    expect(label(b.certs.k8sServiceAccount.key)).toBe('RSA PRIVATE KEY');
    expect(describeKey(decodePrivateKeyPem(b.certs.k8sServiceAccount.key)).bits).toBe(4096);
    expect(validateSecretsBundle(b)).toEqual([]);
  });

  it('tokens are uniformly drawn from [0-9a-z]', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 400; i++)
      for (const c of generateToken().replace('.', '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(36);
  });
});

describe('secrets.yaml format', () => {
  it('has Talos keys, base64 PEMs and round-trips exactly', async () => {
    const b = await sharedBundle();
    const text = serializeSecretsBundle(b);
    const [doc] = parseYamlDocuments(text) as [Record<string, Record<string, unknown>>];
    expect(Object.keys(doc)).toEqual(['cluster', 'secrets', 'trustdinfo', 'certs']);
    expect(Object.keys(doc.cluster ?? {})).toEqual(['id', 'secret']);
    expect(Object.keys(doc.secrets ?? {})).toEqual(['bootstraptoken', 'secretboxencryptionsecret']);
    expect(Object.keys(doc.trustdinfo ?? {})).toEqual(['token']);
    const certs = doc.certs as Record<string, Record<string, string>>;
    expect(Object.keys(certs)).toEqual(['etcd', 'k8s', 'k8saggregator', 'k8sserviceaccount', 'os']);
    expect(Object.keys(certs.k8sserviceaccount ?? {})).toEqual(['key']);
    expect(b64pem(certs.os?.crt)).toBe(b.certs.os.crt);
    expect(b64pem(certs.os?.key)).toBe(b.certs.os.key);
    expect(text.startsWith('cluster:\n    id: ')).toBe(true);
    expect(text).toMatch(/\n {4}etcd:\n {8}crt: LS0tLS1CRUdJTi/);

    const back = parseSecretsBundle(text);
    expect(back).toEqual(b);
    expect(serializeSecretsBundle(back)).toBe(text);
    expect(secretsBundleToYamlObject(back)).toEqual(doc);
  });

  it('keeps an AES-CBC secret (older bundles)', async () => {
    const b = await sharedBundle();
    const old = {
      ...b,
      secrets: { bootstrapToken: b.secrets.bootstrapToken, aescbcEncryptionSecret: 'x'.repeat(44) },
    };
    const text = serializeSecretsBundle(old);
    expect(text).toContain('aescbcencryptionsecret: ');
    expect(parseSecretsBundle(text).secrets.aescbcEncryptionSecret).toBe('x'.repeat(44));
  });

  it('reports every problem in a broken bundle', async () => {
    const b = await sharedBundle();
    const bad = secretsBundleToYamlObject(b) as Record<string, Record<string, unknown>>;
    delete bad.cluster?.id;
    (bad.secrets as Record<string, unknown>).aescbcencryptionsecret = 'abc';
    (bad.certs as Record<string, Record<string, string>>).os = {
      crt: (bad.certs as Record<string, Record<string, string>>).os?.crt ?? '',
      key: Buffer.from(b.certs.etcd.key).toString('base64'),
    };
    (bad.certs as Record<string, Record<string, string>>).k8s = { crt: '%%%notbase64', key: '' };
    delete bad.trustdinfo;
    const { toGoYaml } = await import('../../../src/cli/gen');
    let msg = '';
    try {
      parseSecretsBundle(toGoYaml(bad));
    } catch (err: unknown) {
      msg = errorMessage(err);
    }
    expect(msg).toContain('cluster.id is required');
    expect(msg).toContain(
      'only one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is allowed',
    );
    expect(msg).toContain('trustdinfo is required');
    expect(msg).toContain('certs.k8s.crt: invalid base64');
    expect(msg).toContain('certs.os is invalid: certificate does not match key');
    expect(() => parseSecretsBundle('- a\n- b\n')).toThrow(/mapping/);
    expect(() => parseSecretsBundle('a: [\n')).toThrow(/invalid YAML/);
  });

  it("reads Talos's own secrets bundle (../shared/reference goldens) and writes it back byte for byte", () => {
    const text = readGolden('secrets/secrets-bundle.yaml');
    const b = parseSecretsBundle(text);
    expect(label(b.certs.os.key)).toBe('ED25519 PRIVATE KEY');
    expect(label(b.certs.k8sServiceAccount.key)).toBe('EC PRIVATE KEY');
    expect(serializeSecretsBundle(b)).toBe(text);
  });
});
