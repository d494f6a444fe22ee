// CA creation, leaf issuance, parsing and loading of certificate/key pairs.
//
// Certificates follow what siderolabs/crypto produces for Talos:
//   CA:   subject O only (no CN), random 128-bit serial, random 20-byte subject key id,
//         keyUsage critical {digitalSignature, keyCertSign}, extKeyUsage {serverAuth, clientAuth},
//         basicConstraints critical CA:TRUE, validity 87600h (10 years) from "now".
//   Leaf: key of the CA's family (Ed25519 / ECDSA P-256 / RSA 4096) unless asked otherwise,
//         keyUsage critical {digitalSignature}, extKeyUsage as requested, authority key id = CA's SKID,
//         no basicConstraints, SANs from DNS names and IPs, default validity 24h.

import { randomBytes, X509Certificate, type KeyObject } from 'node:crypto';

import { decodePem, encodePem } from './pem';
import {
  decodePrivateKeyPem,
  describeKey,
  encodePrivateKeyPem,
  generateKeyPair,
  PEM_LABELS,
  spkiDer,
  type KeyAlgorithm,
} from './keys';
import { OID, type KeyUsage } from './oids';
import { buildCertificateDer, encodeName } from './x509-build';
import { CertificateParseError, parseCertificateDer, type CertificateFields } from './x509-parse';

export type { KeyUsage } from './oids';
export type { CertificateFields, DistinguishedName } from './x509-parse';

/** 87600h, the CA lifetime Talos uses (secrets.CAValidityTime). */
export const CA_VALIDITY_MS = 87600 * 60 * 60 * 1000;
/** 24h, siderolabs/crypto's default certificate lifetime. */
export const DEFAULT_CERT_VALIDITY_MS = 24 * 60 * 60 * 1000;

export type ExtKeyUsage = 'server' | 'client' | 'both';

/** A parsed certificate: structural fields plus node:crypto views. */
export interface ParsedCertificate extends CertificateFields {
  pem: string;
  der: Buffer;
  x509: X509Certificate;
  publicKey: KeyObject;
}

/** A certificate with its private key, as PEM (Talos formats) and parsed. */
export interface CertAndKey {
  /** "CERTIFICATE" PEM */
  certPem: string;
  /** private key PEM in Talos's format for the key family (see keys.ts) */
  keyPem: string;
  /** node:crypto view of the certificate */
  cert: X509Certificate;
  /** the private key */
  key: KeyObject;
  /** parsed certificate fields */
  parsed: ParsedCertificate;
}

/** Anything that carries a CA certificate and key. */
export type CAInput = CertAndKey | { certPem: string; keyPem: string } | { crt: string; key: string };

export interface CAOptions {
  /** subject O values; Talos CAs carry exactly one (talos / kubernetes / etcd) or none (aggregator) */
  organizations?: string[];
  /** subject CN; Talos CAs have none */
  commonName?: string;
  /** default 'ed25519' (the siderolabs/crypto default) */
  keyAlgorithm?: KeyAlgorithm;
  /** default: now */
  notBefore?: Date;
  /** default: notBefore + 87600h */
  notAfter?: Date;
  dnsNames?: string[];
  ipAddresses?: string[];
}

export interface SignOptions {
  commonName?: string;
  organizations?: string[];
  dnsNames?: string[];
  ipAddresses?: string[];
  /**
   * Extended key usage, always chosen by the caller: no default, so a caller that forgets it cannot
   * issue a certificate usable as a client (a role-bearing one) by accident.
   */
  extKeyUsage: ExtKeyUsage;
  /** key usage bits; default ['digitalSignature'] */
  keyUsage?: KeyUsage[];
  /** default: now */
  notBefore?: Date;
  /** default: notBefore + validityMs */
  notAfter?: Date;
  /** default 24h; ignored when notAfter is set */
  validityMs?: number;
}

export interface IssueOptions extends SignOptions {
  /** leaf key algorithm; default follows the CA: ed25519 -> ed25519, ECDSA -> ecdsa-p256, RSA -> rsa-4096 */
  keyAlgorithm?: KeyAlgorithm;
}

const truncateToSeconds = (d: Date): Date => new Date(Math.floor(d.getTime() / 1000) * 1000);

function newSerial(): Buffer {
  // uniform in [0, 2^128), like Go's rand.Int(rand.Reader, 1<<128)
  return randomBytes(16);
}

function extKeyUsageOids(u: ExtKeyUsage): string[] {
  switch (u) {
    case 'server':
      return [OID.serverAuth];
    case 'client':
      return [OID.clientAuth];
    case 'both':
      return [OID.serverAuth, OID.clientAuth];
    default:
      throw new Error(`invalid extended key usage: ${String(u)}`);
  }
}

/** Parses the first CERTIFICATE block of a PEM string. */
export function parseCertificate(pem: string | Buffer): ParsedCertificate {
  const block = decodePem(pem, [PEM_LABELS.certificate]);
  return parseCertificateFromDer(block.der);
}

export function parseCertificateFromDer(der: Buffer): ParsedCertificate {
  const fields = parseCertificateDer(der);
  let x509: X509Certificate;
  let publicKey: KeyObject;
  try {
    x509 = new X509Certificate(der);
    publicKey = x509.publicKey;
  } catch (e: unknown) {
    // OpenSSL's own checks: what our structural parse lets through (a key it cannot read, …)
    throw new CertificateParseError(e instanceof Error ? e.message : String(e), { cause: e });
  }
  return {
    ...fields,
    pem: encodePem(PEM_LABELS.certificate, der),
    der: Buffer.from(der),
    x509,
    publicKey,
  };
}

function makeCertAndKey(certDer: Buffer, key: KeyObject, keyPem?: string): CertAndKey {
  const parsed = parseCertificateFromDer(certDer);
  return { certPem: parsed.pem, keyPem: keyPem ?? encodePrivateKeyPem(key), cert: parsed.x509, key, parsed };
}

/** True when the certificate's public key is the public half of `key` (PEM in any accepted format, or KeyObject). */
export function certificateMatchesKey(
  cert: string | X509Certificate | ParsedCertificate | CertAndKey,
  key: string | KeyObject,
): boolean {
  let certKey: KeyObject;
  if (typeof cert === 'string') certKey = parseCertificate(cert).publicKey;
  else if (cert instanceof X509Certificate) certKey = cert.publicKey;
  else if ('parsed' in cert) certKey = cert.parsed.publicKey;
  else certKey = cert.publicKey;
  let k: KeyObject;
  try {
    k = typeof key === 'string' ? decodePrivateKeyPem(key) : key;
  } catch {
    return false;
  }
  // compare node-canonical SPKI encodings of both sides
  return spkiDer(k).equals(spkiDer(certKey));
}

/** Loads a certificate and its private key from PEM strings; throws if either is malformed or they do not match. */
export function loadCertAndKey(input: { crt: string | Buffer; key: string | Buffer }): CertAndKey {
  const parsed = parseCertificate(input.crt);
  const key = decodePrivateKeyPem(input.key);
  if (!spkiDer(key).equals(spkiDer(parsed.publicKey)))
    throw new Error('certificate does not match private key');
  const keyPem = typeof input.key === 'string' ? input.key : input.key.toString('utf8');
  return { certPem: parsed.pem, keyPem, cert: parsed.x509, key, parsed };
}

/** Normalizes any CAInput to a CertAndKey. */
export function toCertAndKey(ca: CAInput): CertAndKey {
  if ('parsed' in ca) return ca;
  if ('certPem' in ca) return loadCertAndKey({ crt: ca.certPem, key: ca.keyPem });
  return loadCertAndKey({ crt: ca.crt, key: ca.key });
}

/** Creates a self-signed CA certificate with a fresh key. */
export async function generateCA(opts: CAOptions = {}): Promise<CertAndKey> {
  const pair = await generateKeyPair(opts.keyAlgorithm ?? 'ed25519');
  const notBefore = truncateToSeconds(opts.notBefore ?? new Date());
  const notAfter = truncateToSeconds(opts.notAfter ?? new Date(notBefore.getTime() + CA_VALIDITY_MS));
  const name = encodeName({
    organizations: opts.organizations ?? [],
    ...(opts.commonName ? { commonName: opts.commonName } : {}),
  });
  const certDer = buildCertificateDer(
    {
      serial: newSerial(),
      issuer: name,
      subject: name,
      notBefore,
      notAfter,
      spki: spkiDer(pair.publicKey),
      keyUsage: ['digitalSignature', 'keyCertSign'],
      extKeyUsage: [OID.serverAuth, OID.clientAuth],
      isCA: true,
      subjectKeyId: randomBytes(20),
      dnsNames: opts.dnsNames ?? [],
      ipAddresses: opts.ipAddresses ?? [],
    },
    pair.privateKey,
  );
  return makeCertAndKey(certDer, pair.privateKey);
}

/** Signs a certificate for an existing public key (e.g. from a CSR) with the CA. */
export function signCertificate(ca: CAInput, publicKey: KeyObject, opts: SignOptions): ParsedCertificate {
  return parseCertificateFromDer(signCertificateDer(ca, publicKey, opts));
}

/** signCertificate without decoding the result again: the DER (for callers that only pass it on). */
export function signCertificateDer(ca: CAInput, publicKey: KeyObject, opts: SignOptions): Buffer {
  const authority = toCertAndKey(ca);
  const notBefore = truncateToSeconds(opts.notBefore ?? new Date());
  const notAfter = truncateToSeconds(
    opts.notAfter ?? new Date(notBefore.getTime() + (opts.validityMs ?? DEFAULT_CERT_VALIDITY_MS)),
  );
  const subject = encodeName({
    organizations: opts.organizations ?? [],
    ...(opts.commonName ? { commonName: opts.commonName } : {}),
  });
  const issuer = authority.parsed.subject.raw;
  // Go only links to the parent's key id when the certificate is not self-issued
  const authorityKeyId = !issuer.equals(subject) ? authority.parsed.subjectKeyId : undefined;
  const certDer = buildCertificateDer(
    {
      serial: newSerial(),
      issuer,
      subject,
      notBefore,
      notAfter,
      spki: spkiDer(publicKey),
      keyUsage: opts.keyUsage ?? ['digitalSignature'],
      extKeyUsage: extKeyUsageOids(opts.extKeyUsage),
      isCA: false,
      ...(authorityKeyId ? { authorityKeyId } : {}),
      dnsNames: opts.dnsNames ?? [],
      ipAddresses: opts.ipAddresses ?? [],
    },
    authority.key,
  );
  return certDer;
}

/** Default leaf key algorithm for a CA key, as siderolabs/crypto picks it. */
export function leafKeyAlgorithmFor(caKey: KeyObject): KeyAlgorithm {
  switch (describeKey(caKey).family) {
    case 'ed25519':
      return 'ed25519';
    case 'ecdsa':
      return 'ecdsa-p256';
    case 'rsa':
      return 'rsa-4096';
  }
}

/** Generates a leaf key and a certificate for it signed by the CA. */
export async function issueCertificate(ca: CAInput, opts: IssueOptions): Promise<CertAndKey> {
  const authority = toCertAndKey(ca);
  const pair = await generateKeyPair(opts.keyAlgorithm ?? leafKeyAlgorithmFor(authority.key));
  const parsed = signCertificate(authority, pair.publicKey, opts);
  return makeCertAndKey(parsed.der, pair.privateKey);
}
