import { createPublicKey, randomBytes, sign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  createCertificateRequest,
  decodePem,
  encodePem,
  generateKeyPairSync,
  isCertificateRequestError,
  MAX_CSR_BYTES,
  parseCertificateRequest,
  parseCertificateRequestDer,
  spkiDer,
  type CertificateRequestErrorReason,
  type KeyAlgorithm,
} from '../../../src/pki';
import * as der from '../../../src/pki/der';
import { sh } from './helpers';
import { requireTool } from '../../harness/tools';

const ALGORITHMS: KeyAlgorithm[] = ['ed25519', 'ecdsa-p256', 'ecdsa-p384', 'rsa-2048'];
const REQUEST = {
  commonName: 'talos-default-worker-1',
  organizations: ['os:impersonator'],
  dnsNames: ['talos-default-worker-1', 'worker.example.org'],
  ipAddresses: ['10.5.0.4', 'fd00::1:2', '::1'],
};

function reason(fn: () => unknown): string {
  try {
    fn();
  } catch (e: unknown) {
    return isCertificateRequestError(e) ? e.reason : `not a CertificateRequestError: ${String(e)}`;
  }
  return 'no error';
}

/** A CSR whose CertificationRequestInfo is given verbatim, correctly signed with an Ed25519 key. */
function signedRaw(info: (spki: Buffer) => Buffer): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  const body = info(spkiDer(privateKey));
  const algorithm = der.seq(der.oid('1.3.101.112'));
  return encodePem(
    'CERTIFICATE REQUEST',
    der.seq(body, algorithm, der.bitString(sign(null, body, privateKey))),
  );
}

const sanAttribute = (names: Buffer[]): Buffer =>
  der.tlv(
    0xa0,
    der.seq(
      der.oid('1.2.840.113549.1.9.14'),
      der.set(der.seq(der.seq(der.oid('2.5.29.17'), der.octetString(der.seq(...names))))),
    ),
  );

describe('createCertificateRequest / parseCertificateRequest', () => {
  it.each(ALGORITHMS)('round-trips a %s CSR', (algorithm) => {
    const { privateKey, publicKey } = generateKeyPairSync(algorithm);
    const pem = createCertificateRequest({ key: privateKey, ...REQUEST });
    expect(pem.startsWith('-----BEGIN CERTIFICATE REQUEST-----\n')).toBe(true);
    const csr = parseCertificateRequest(pem);
    expect(csr.subject).toEqual({ commonName: REQUEST.commonName, organizations: REQUEST.organizations });
    expect(csr.dnsNames).toEqual(REQUEST.dnsNames);
    expect(csr.ipAddresses).toEqual(REQUEST.ipAddresses);
    expect(spkiDer(csr.publicKey).equals(spkiDer(publicKey))).toBe(true);
    expect(csr.signatureAlgorithm).toBe(
      { ed25519: 'Ed25519', 'ecdsa-p256': 'ECDSA-SHA256', 'ecdsa-p384': 'ECDSA-SHA384' }[
        algorithm as string
      ] ?? 'SHA512-RSA',
    );
  });

  it('accepts a CSR with no SANs and an empty subject, and Buffer input', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const csr = parseCertificateRequest(Buffer.from(createCertificateRequest({ key: privateKey })));
    expect(csr.subject).toEqual({ organizations: [] });
    expect(csr.dnsNames).toEqual([]);
    expect(csr.ipAddresses).toEqual([]);
  });

  it('reads IPv4-mapped IPv6 SANs as IPv4, as Go does', () => {
    const mapped = Buffer.concat([Buffer.alloc(10), Buffer.from([0xff, 0xff, 10, 5, 0, 4])]);
    const pem = signedRaw((spki) =>
      der.seq(der.smallInteger(0), der.seq(), spki, sanAttribute([der.implicitPrimitive(7, mapped)])),
    );
    expect(parseCertificateRequest(pem).ipAddresses).toEqual(['10.5.0.4']);
  });
});

describe('hostile input', () => {
  const { privateKey } = generateKeyPairSync('ed25519');
  const good = createCertificateRequest({ key: privateKey, ...REQUEST });
  const goodDer = decodePem(good).der;
  const pemOf = (d: Buffer): string => encodePem('CERTIFICATE REQUEST', d);

  it.each<[string, () => string | Buffer, CertificateRequestErrorReason]>([
    ['no PEM at all', () => 'hello', 'no-pem'],
    ['empty input', () => Buffer.alloc(0), 'no-pem'],
    ['a certificate PEM', () => good.replaceAll('CERTIFICATE REQUEST', 'CERTIFICATE'), 'malformed'],
    ['an unterminated PEM block', () => good.slice(0, 100), 'malformed'],
    ['PEM with invalid base64', () => good.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!'), 'malformed'],
    ['random bytes in PEM', () => pemOf(randomBytes(300)), 'malformed'],
    ['truncated DER', () => pemOf(goodDer.subarray(0, goodDer.length - 5)), 'malformed'],
    ['trailing data', () => pemOf(Buffer.concat([goodDer, Buffer.from([0, 0])])), 'malformed'],
    ['an absurd length', () => pemOf(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00])), 'malformed'],
    ['more than 64 KiB', () => good + ' '.repeat(MAX_CSR_BYTES), 'too-large'],
    ['a flipped signature bit', () => pemOf(flip(goodDer, goodDer.length - 3)), 'bad-signature'],
    [
      'a changed subject',
      () =>
        pemOf(Buffer.from(goodDer.toString('latin1').replace('talos-default', 'talos-defaulT'), 'latin1')),
      'bad-signature',
    ],
  ])('refuses %s', (_name, make, want) => {
    expect(reason(() => parseCertificateRequest(make()))).toBe(want);
  });

  it('refuses a signature algorithm that does not match the key', () => {
    // rewrite the outer AlgorithmIdentifier Ed25519 -> ecdsa-with-SHA256
    const [info, , sig] = der.children(der.readNode(goodDer));
    const swapped = der.seq(info!.raw, der.seq(der.oid('1.2.840.10045.4.3.2')), sig!.raw);
    expect(reason(() => parseCertificateRequestDer(swapped))).toBe('bad-signature');
  });

  it('refuses an IP SAN of the wrong length and a DNS SAN with control characters', () => {
    const badIp = signedRaw((spki) =>
      der.seq(
        der.smallInteger(0),
        der.seq(),
        spki,
        sanAttribute([der.implicitPrimitive(7, Buffer.from([1, 2, 3]))]),
      ),
    );
    expect(reason(() => parseCertificateRequest(badIp))).toBe('malformed');
    const badDns = signedRaw((spki) =>
      der.seq(
        der.smallInteger(0),
        der.seq(),
        spki,
        sanAttribute([der.implicitPrimitive(2, Buffer.from('a\nb'))]),
      ),
    );
    expect(reason(() => parseCertificateRequest(badDns))).toBe('malformed');
  });

  it('refuses a version other than v1', () => {
    const pem = signedRaw((spki) => der.seq(der.smallInteger(1), der.seq(), spki, der.tlv(0xa0)));
    expect(reason(() => parseCertificateRequest(pem))).toBe('malformed');
  });

  it('finds no PEM block quickly among thousands of BEGIN markers', () => {
    const text = '-----BEGIN CERTIFICATE REQUEST-----\n'.repeat(1700);
    const started = performance.now();
    expect(reason(() => parseCertificateRequest(text))).toBe('malformed');
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('answers only CertificateRequestError for random corruptions', () => {
    for (let i = 0; i < 2000; i++) {
      const d = Buffer.from(goodDer);
      for (let j = 0; j < 1 + (i % 4); j++)
        d[Math.floor(Math.random() * d.length)] = Math.floor(Math.random() * 256);
      const r = reason(() => parseCertificateRequestDer(d));
      if (r !== 'no error') expect(['malformed', 'unsupported', 'bad-signature']).toContain(r);
    }
  });
});

describe('openssl agrees', () => {
  beforeAll(() => void requireTool('openssl'));
  it.each(ALGORITHMS)('openssl req -verify accepts our %s CSR and reads its fields', (algorithm) => {
    const { privateKey } = generateKeyPairSync(algorithm);
    const pem = createCertificateRequest({ key: privateKey, ...REQUEST });
    const out = sh('openssl req -in csr.pem -verify -noout -text 2>&1', { 'csr.pem': pem });
    expect(out).toContain('verify OK');
    expect(out).toMatch(/Subject: O\s?=\s?os:impersonator, CN\s?=\s?talos-default-worker-1/);
    expect(out).toContain('DNS:talos-default-worker-1, DNS:worker.example.org, IP Address:10.5.0.4');
    expect(out).toMatch(/IP Address:FD00:0:0:0:0:0:1:2/i);
  });

  it.each([
    ['ed25519', '-newkey ed25519', 'Ed25519'],
    ['P-256/SHA-256', '-newkey ec -pkeyopt ec_paramgen_curve:P-256 -sha256', 'ECDSA-SHA256'],
    ['P-384/SHA-384', '-newkey ec -pkeyopt ec_paramgen_curve:P-384 -sha384', 'ECDSA-SHA384'],
    ['RSA/SHA-256', '-newkey rsa:2048 -sha256', 'SHA256-RSA'],
    ['RSA/SHA-512', '-newkey rsa:2048 -sha512', 'SHA512-RSA'],
  ])('parses and verifies a CSR from openssl req -new (%s)', (_name, args, alg) => {
    const out = sh(
      `openssl req -new ${args} -nodes -keyout key.pem -subj '/O=os:admin/O=second/CN=w1' ` +
        `-addext 'subjectAltName=DNS:w1.local,IP:10.5.0.4,IP:fd00::1' -out csr.pem 2>/dev/null && ` +
        'cat csr.pem && openssl pkey -in key.pem -pubout',
    );
    const csr = parseCertificateRequest(out);
    expect(csr.signatureAlgorithm).toBe(alg);
    expect(csr.subject).toEqual({ commonName: 'w1', organizations: ['os:admin', 'second'] });
    expect(csr.dnsNames).toEqual(['w1.local']);
    expect(csr.ipAddresses).toEqual(['10.5.0.4', 'fd00::1']);
    const pub = createPublicKey(out.slice(out.indexOf('-----BEGIN PUBLIC KEY-----')));
    expect(spkiDer(csr.publicKey).equals(spkiDer(pub))).toBe(true);
  });

  it.each<[string, string, CertificateRequestErrorReason]>([
    ['RSA with SHA-1', '-newkey rsa:2048 -sha1', 'unsupported'],
    ['a 1024-bit RSA key', '-newkey rsa:1024 -sha256', 'unsupported'],
    ['an Ed448 key', '-newkey ed448', 'unsupported'],
    ['a DSA key', '-newkey dsa:dsa.pem', 'unsupported'],
  ])('refuses an openssl CSR with %s', (_name, args, want) => {
    const pem = sh(
      (args.includes('dsa:') ? 'openssl dsaparam -out dsa.pem 2048 2>/dev/null && ' : '') +
        `openssl req -new ${args} -nodes -keyout key.pem -subj '/CN=w1' -out csr.pem 2>/dev/null && cat csr.pem`,
    );
    expect(reason(() => parseCertificateRequest(pem))).toBe(want);
  });
});

function flip(d: Buffer, at: number): Buffer {
  const out = Buffer.from(d);
  out[at] = (out[at] ?? 0) ^ 0x01;
  return out;
}
