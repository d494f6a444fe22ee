import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  decodePem,
  decodePrivateKeyPem,
  decodePublicKeyPem,
  describeKey,
  encodePem,
  encodePkcs8Pem,
  encodePrivateKeyPem,
  encodePublicKeyPem,
  generateKeyPair,
  generateKeyPairSync,
  KEY_ALGORITHMS,
  spkiDer,
  toNodeKeyPem,
  type KeyAlgorithm,
} from '../../../src/pki';
import { pemLabel, sh } from './helpers';
import { thrown } from '../../harness/thrown';
import { requireTool } from '../../harness/tools';

const EXPECTED_LABEL: Record<KeyAlgorithm, string> = {
  ed25519: 'ED25519 PRIVATE KEY',
  'ecdsa-p256': 'EC PRIVATE KEY',
  'ecdsa-p384': 'EC PRIVATE KEY',
  'rsa-2048': 'RSA PRIVATE KEY',
  'rsa-4096': 'RSA PRIVATE KEY',
};

const INNER_TYPE: Record<KeyAlgorithm, 'pkcs8' | 'sec1' | 'pkcs1'> = {
  ed25519: 'pkcs8',
  'ecdsa-p256': 'sec1',
  'ecdsa-p384': 'sec1',
  'rsa-2048': 'pkcs1',
  'rsa-4096': 'pkcs1',
};

describe('key generation and Talos PEM formats', () => {
  it.each(KEY_ALGORITHMS.filter((a) => a !== 'rsa-4096'))(
    '%s: label, inner DER and round trip',
    async (alg) => {
      const pair = await generateKeyPair(alg);
      expect(describeKey(pair.privateKey).algorithm).toBe(alg);
      const pem = encodePrivateKeyPem(pair.privateKey);
      expect(pemLabel(pem)).toBe(EXPECTED_LABEL[alg]);
      expect(pem.endsWith(`-----END ${EXPECTED_LABEL[alg]}-----\n`)).toBe(true);
      for (const line of pem.trim().split('\n').slice(1, -1)) expect(line.length).toBeLessThanOrEqual(64);

      // the DER inside is the documented structure for that label
      const der = decodePem(pem).der;
      const viaType = createPrivateKey({ key: der, format: 'der', type: INNER_TYPE[alg] });
      expect(spkiDer(viaType).equals(spkiDer(pair.publicKey))).toBe(true);

      const back = decodePrivateKeyPem(pem);
      expect(spkiDer(back).equals(spkiDer(pair.publicKey))).toBe(true);
      expect(encodePrivateKeyPem(back)).toBe(pem);
    },
  );

  it('rsa-4096 keys are 4096-bit RSA PRIVATE KEY (PKCS#1)', async () => {
    const pair = await generateKeyPair('rsa-4096');
    expect(describeKey(pair.privateKey)).toEqual({ family: 'rsa', bits: 4096, algorithm: 'rsa-4096' });
    expect(pemLabel(encodePrivateKeyPem(pair.privateKey))).toBe('RSA PRIVATE KEY');
  });

  it('Ed25519 PKCS#8 DER is the 48-byte form Go writes (no public key attribute)', () => {
    const pem = encodePrivateKeyPem(generateKeyPairSync('ed25519').privateKey);
    const der = decodePem(pem).der;
    expect(der.length).toBe(48);
    expect(der.subarray(0, 16).toString('hex')).toBe('302e020100300506032b657004220420');
  });

  it('EC SEC1 DER carries the named curve and public key like Go MarshalECPrivateKey', () => {
    const pem = encodePrivateKeyPem(generateKeyPairSync('ecdsa-p256').privateKey);
    const der = decodePem(pem).der;
    // SEQUENCE(119) { INTEGER 1, OCTET STRING(32), [0] { OID prime256v1 }, [1] { BIT STRING(66) } }
    expect(der.length).toBe(121);
    expect(der.subarray(0, 7).toString('hex')).toBe('30770201010420');
    expect(der.subarray(39, 51).toString('hex')).toBe('a00a06082a8648ce3d030107');
  });

  it.each(['ed25519', 'ecdsa-p256', 'rsa-2048'] as const)(
    '%s: generic PKCS#8 "PRIVATE KEY" is accepted',
    (alg) => {
      const pair = generateKeyPairSync(alg);
      const pkcs8 = encodePkcs8Pem(pair.privateKey);
      expect(pemLabel(pkcs8)).toBe('PRIVATE KEY');
      expect(spkiDer(decodePrivateKeyPem(pkcs8)).equals(spkiDer(pair.publicKey))).toBe(true);
    },
  );

  it('rejects a non-Ed25519 key inside an ED25519 PRIVATE KEY block', () => {
    const ec = generateKeyPairSync('ecdsa-p256').privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(() => decodePrivateKeyPem(encodePem('ED25519 PRIVATE KEY', ec))).toThrow(/Ed25519/);
  });

  it('rejects unknown labels, garbage and missing PEM', () => {
    expect(() => decodePrivateKeyPem(encodePem('DSA PRIVATE KEY', Buffer.from([1, 2, 3])))).toThrow(
      /unsupported key type/,
    );
    expect(() => decodePrivateKeyPem(encodePem('EC PRIVATE KEY', Buffer.from([0x30, 0x00])))).toThrow(
      /failed to parse private key/,
    );
    expect(() => decodePrivateKeyPem('not a pem')).toThrow(/PEM/);
  });

  it('toNodeKeyPem yields a PKCS#8 key that OpenSSL (node:crypto) accepts for every family', () => {
    for (const alg of ['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'rsa-2048'] as const) {
      const pair = generateKeyPairSync(alg);
      const talosPem = encodePrivateKeyPem(pair.privateKey);
      const nodePem = toNodeKeyPem(talosPem);
      expect(pemLabel(nodePem)).toBe('PRIVATE KEY');
      const k = createPrivateKey(nodePem);
      const data = Buffer.from('hello');
      const hash = alg === 'ed25519' ? null : 'sha256';
      expect(verify(hash, data, pair.publicKey, sign(hash, data, k))).toBe(true);
    }
    // the Talos Ed25519 label itself is not understood by OpenSSL, hence toNodeKeyPem
    expect(
      thrown(() => createPrivateKey(encodePrivateKeyPem(generateKeyPairSync('ed25519').privateKey))),
    ).toMatchObject({ code: 'ERR_OSSL_UNSUPPORTED' });
  });

  it('public key PEMs use the siderolabs/crypto labels (or plain PKIX)', () => {
    const ed = generateKeyPairSync('ed25519');
    const ec = generateKeyPairSync('ecdsa-p256');
    const rsa = generateKeyPairSync('rsa-2048');
    expect(pemLabel(encodePublicKeyPem(ed.privateKey))).toBe('ED25519 PUBLIC KEY');
    expect(pemLabel(encodePublicKeyPem(ec.publicKey))).toBe('EC PUBLIC KEY');
    expect(pemLabel(encodePublicKeyPem(rsa.publicKey))).toBe('PUBLIC KEY');
    expect(pemLabel(encodePublicKeyPem(ed.publicKey, 'pkix'))).toBe('PUBLIC KEY');
    for (const p of [ed, ec, rsa]) {
      const back = decodePublicKeyPem(encodePublicKeyPem(p.publicKey));
      expect(spkiDer(back).equals(spkiDer(p.publicKey))).toBe(true);
      expect(
        spkiDer(createPublicKey(encodePublicKeyPem(p.publicKey, 'pkix'))).equals(spkiDer(p.publicKey)),
      ).toBe(true);
    }
  });

  describe('interop with openssl-generated keys', () => {
    beforeAll(() => void requireTool('openssl'));
    it('reads OpenSSL PKCS#8, SEC1 and PKCS#1 keys', () => {
      const ed = sh('openssl genpkey -algorithm ed25519 2>/dev/null');
      const ec = sh('openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null');
      const rsa = sh('openssl genrsa -traditional 2048 2>/dev/null || openssl genrsa 2048 2>/dev/null');
      expect(pemLabel(ed)).toBe('PRIVATE KEY');
      expect(pemLabel(ec)).toBe('EC PRIVATE KEY');
      expect(pemLabel(rsa)).toBe('RSA PRIVATE KEY');
      expect(describeKey(decodePrivateKeyPem(ed)).family).toBe('ed25519');
      expect(describeKey(decodePrivateKeyPem(ec)).curve).toBe('P-256');
      expect(describeKey(decodePrivateKeyPem(rsa)).bits).toBe(2048);
      // our Talos-style Ed25519 PEM, relabelled, is what openssl itself writes
      const ours = decodePem(encodePrivateKeyPem(decodePrivateKeyPem(ed))).der;
      expect(ours.equals(decodePem(ed).der)).toBe(true);
    });

    it('openssl parses our SEC1 and PKCS#1 keys', () => {
      const ec = encodePrivateKeyPem(generateKeyPairSync('ecdsa-p256').privateKey);
      const rsa = encodePrivateKeyPem(generateKeyPairSync('rsa-2048').privateKey);
      expect(sh('openssl ec -in k.pem -noout -text 2>/dev/null | head -1', { 'k.pem': ec })).toMatch(
        /Private-Key: \(256 bit/,
      );
      expect(sh('openssl rsa -in k.pem -noout -check 2>&1', { 'k.pem': rsa })).toMatch(/RSA key ok/);
    });
  });
});
