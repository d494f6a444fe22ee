// PKCS#10 certificate signing requests (RFC 2986): parsing and signature verification of what a
// worker sends to trustd, and creation of one for the worker side. Only what Talos reads is
// extracted: subject CN and O, DNS and IP subject alternative names, and the public key.

import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

import * as der from './der';
import { children, decodeOid, readNode, TAG, type Node } from './der';
import { decodePrivateKeyPem, describeKey, spkiDer, type KeyFamily } from './keys';
import { OID, SIGNATURE_ALGORITHM_NAMES } from './oids';
import { encodePem } from './pem';
import { encodeName, ipAddressBytes, signatureScheme } from './x509-build';
import { errorMessage } from '../error-message';

/** Largest CSR accepted, PEM text or DER (a real one is well under 2 KiB). */
export const MAX_CSR_BYTES = 64 * 1024;
export const CSR_PEM_LABEL = 'CERTIFICATE REQUEST';
const PEM_LABELS = [CSR_PEM_LABEL, 'NEW CERTIFICATE REQUEST'];
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const RSA_MIN_BITS = 2048;
const RSA_MAX_BITS = 8192;

export type CertificateRequestErrorReason =
  'too-large' | 'no-pem' | 'malformed' | 'unsupported' | 'bad-signature';

export class CertificateRequestError extends Error {
  override readonly name = 'CertificateRequestError';
  constructor(
    readonly reason: CertificateRequestErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const isCertificateRequestError = (e: unknown): e is CertificateRequestError =>
  e instanceof CertificateRequestError;

export interface CertificateRequest {
  subject: { commonName?: string; organizations: string[] };
  dnsNames: string[];
  ipAddresses: string[];
  /** the requested key; the self-signature has been verified with it */
  publicKey: KeyObject;
  /** e.g. 'Ed25519', 'ECDSA-SHA256', 'SHA512-RSA' */
  signatureAlgorithm: string;
  der: Buffer;
}

export interface CertificateRequestOptions {
  /** the private key to certify (KeyObject, or PEM in any format decodePrivateKeyPem reads) */
  key: KeyObject | string;
  commonName?: string;
  organizations?: readonly string[];
  dnsNames?: readonly string[];
  ipAddresses?: readonly string[];
}

const fail = (reason: CertificateRequestErrorReason, message: string): never => {
  throw new CertificateRequestError(reason, message);
};

/** Builds and self-signs a CSR (signature algorithm as siderolabs/crypto picks it); answers PEM. */
export function createCertificateRequest(opts: CertificateRequestOptions): string {
  const key = typeof opts.key === 'string' ? decodePrivateKeyPem(opts.key) : opts.key;
  if (key.type !== 'private') throw new Error('createCertificateRequest: a private key is required');
  const scheme = signatureScheme(key);
  const names = [
    ...(opts.dnsNames ?? []).map((d) => der.implicitPrimitive(2, Buffer.from(d, 'ascii'))),
    ...(opts.ipAddresses ?? []).map((ip) => der.implicitPrimitive(7, ipAddressBytes(ip))),
  ];
  const san = der.seq(der.oid(OID.subjectAltName), der.octetString(der.seq(...names)));
  const attributes = names.length > 0 ? [der.seq(der.oid(OID_EXTENSION_REQUEST), der.set(der.seq(san)))] : [];
  const info = der.seq(
    der.smallInteger(0),
    encodeName({
      organizations: opts.organizations ?? [],
      ...(opts.commonName ? { commonName: opts.commonName } : {}),
    }),
    spkiDer(key),
    der.tlv(0xa0, ...attributes),
  );
  const signature = sign(scheme.hash, info, key);
  return encodePem(CSR_PEM_LABEL, der.seq(info, scheme.algorithmIdentifier, der.bitString(signature)));
}

/** Parses a PEM CSR ("CERTIFICATE REQUEST") and verifies its self-signature. */
export function parseCertificateRequest(pem: string | Buffer): CertificateRequest {
  const size = typeof pem === 'string' ? Buffer.byteLength(pem) : pem.length;
  if (size > MAX_CSR_BYTES) fail('too-large', `certificate request is larger than ${MAX_CSR_BYTES} bytes`);
  return parseCertificateRequestDer(pemBody(typeof pem === 'string' ? pem : pem.toString('latin1')));
}

/** Parses a DER CSR and verifies its self-signature. */
export function parseCertificateRequestDer(input: Buffer): CertificateRequest {
  if (input.length > MAX_CSR_BYTES)
    fail('too-large', `certificate request is larger than ${MAX_CSR_BYTES} bytes`);
  let s: Structure;
  try {
    s = structure(input);
  } catch (e: unknown) {
    if (isCertificateRequestError(e)) throw e;
    throw new CertificateRequestError('malformed', `malformed certificate request: ${errorMessage(e)}`, {
      cause: e,
    });
  }
  const publicKey = publicKeyFrom(s.spki);
  verifySignature(s, publicKey);
  return {
    subject: s.subject,
    dnsNames: s.dnsNames,
    ipAddresses: s.ipAddresses,
    publicKey,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[s.algorithm] ?? s.algorithm,
    der: Buffer.from(input),
  };
}

/** The first PEM block, found without backtracking (input is untrusted). */
function pemBody(text: string): Buffer {
  const begin = text.indexOf('-----BEGIN ');
  if (begin < 0) return fail('no-pem', 'no PEM block found');
  const labelEnd = text.indexOf('-----', begin + 11);
  if (labelEnd < 0) return fail('no-pem', 'no PEM block found');
  const label = text.slice(begin + 11, labelEnd);
  if (!PEM_LABELS.includes(label))
    fail('malformed', `unexpected PEM block type ${JSON.stringify(label.slice(0, 64))}`);
  const end = text.indexOf(`-----END ${label}-----`, labelEnd + 5);
  if (end < 0) fail('malformed', 'PEM block is not terminated');
  const body = text.slice(labelEnd + 5, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) fail('malformed', 'PEM block has invalid base64');
  return Buffer.from(body, 'base64');
}

interface Structure {
  info: Node;
  algorithm: string;
  algorithmParams: Node | undefined;
  signature: Buffer;
  spki: Node;
  subject: CertificateRequest['subject'];
  dnsNames: string[];
  ipAddresses: string[];
}

function expect(node: Node | undefined, tag: number, what: string): Node {
  if (node?.tag !== tag) throw new Error(`malformed ${what}`);
  return node;
}

function structure(input: Buffer): Structure {
  const top = expect(readNode(input), TAG.SEQUENCE, 'CertificationRequest');
  if (top.raw.length !== input.length) throw new Error('trailing data');
  const [infoNode, algNode, sigNode, ...extra] = children(top);
  if (extra.length > 0) throw new Error('unexpected trailing fields');
  const info = expect(infoNode, TAG.SEQUENCE, 'CertificationRequestInfo');
  const alg = children(expect(algNode, TAG.SEQUENCE, 'signatureAlgorithm'));
  const sig = expect(sigNode, TAG.BIT_STRING, 'signature');
  if (sig.body[0] !== 0) throw new Error('malformed signature bit string');

  const [version, subject, spki, attrs, ...more] = children(info);
  const v = expect(version, TAG.INTEGER, 'version').body;
  if (v.length !== 1 || v[0] !== 0) throw new Error('unsupported version');
  if (more.length > 0) throw new Error('unexpected fields in CertificationRequestInfo');
  if (alg.length > 2) throw new Error('malformed signatureAlgorithm');
  const sans = attrs === undefined ? { dnsNames: [], ipAddresses: [] } : parseAttributes(attrs);
  return {
    info,
    algorithm: decodeOid(expect(alg[0], TAG.OID, 'signature algorithm').body),
    algorithmParams: alg[1],
    signature: Buffer.from(sig.body.subarray(1)),
    spki: expect(spki, TAG.SEQUENCE, 'subjectPKInfo'),
    subject: parseSubject(expect(subject, TAG.SEQUENCE, 'subject')),
    ...sans,
  };
}

function decodeString(n: Node): string {
  switch (n.tag) {
    case TAG.UTF8_STRING:
      return n.body.toString('utf8');
    case TAG.PRINTABLE_STRING:
    case TAG.IA5_STRING:
    case 0x12: // NumericString
    case 0x14: // T61String
      return n.body.toString('latin1');
    case 0x1e: // BMPString (UCS-2, big-endian)
      if (n.body.length % 2 !== 0) throw new Error('malformed BMPString');
      return Buffer.from(n.body).swap16().toString('utf16le');
    default:
      throw new Error(`unsupported string type 0x${n.tag.toString(16)}`);
  }
}

function parseSubject(name: Node): CertificateRequest['subject'] {
  const subject: CertificateRequest['subject'] = { organizations: [] };
  for (const rdn of children(name)) {
    for (const atv of children(expect(rdn, TAG.SET, 'relative distinguished name'))) {
      const [type, value] = children(expect(atv, TAG.SEQUENCE, 'attribute'));
      const oid = decodeOid(expect(type, TAG.OID, 'attribute type').body);
      if (!value) throw new Error('malformed attribute value');
      const text = decodeString(value);
      if (oid === OID.commonName) subject.commonName = text;
      else if (oid === OID.organization) subject.organizations.push(text);
    }
  }
  return subject;
}

function parseAttributes(attrs: Node): { dnsNames: string[]; ipAddresses: string[] } {
  if (attrs.tag !== 0xa0) throw new Error('malformed attributes');
  const out = { dnsNames: [] as string[], ipAddresses: [] as string[] };
  for (const attr of children(attrs)) {
    const [type, values] = children(expect(attr, TAG.SEQUENCE, 'attribute'));
    if (decodeOid(expect(type, TAG.OID, 'attribute type').body) !== OID_EXTENSION_REQUEST) continue;
    for (const exts of children(expect(values, TAG.SET, 'attribute values'))) {
      for (const ext of children(expect(exts, TAG.SEQUENCE, 'extensions'))) {
        const items = children(expect(ext, TAG.SEQUENCE, 'extension'));
        const id = decodeOid(expect(items[0], TAG.OID, 'extension id').body);
        const value = expect(items[items.length - 1], TAG.OCTET_STRING, 'extension value').body;
        if (id === OID.subjectAltName) parseSubjectAltName(value, out);
      }
    }
  }
  return out;
}

function parseSubjectAltName(value: Buffer, out: { dnsNames: string[]; ipAddresses: string[] }): void {
  const names = expect(readNode(value), TAG.SEQUENCE, 'subject alternative names');
  if (names.raw.length !== value.length) throw new Error('trailing data in subject alternative names');
  for (const n of children(names)) {
    if (n.tag === 0x82) {
      // printable ASCII without spaces: these names end up in a certificate and in logs
      if (n.body.length === 0 || n.body.some((b) => b < 0x21 || b > 0x7e))
        throw new Error('invalid DNS name in subject alternative names');
      out.dnsNames.push(n.body.toString('ascii'));
    } else if (n.tag === 0x87) {
      out.ipAddresses.push(formatIp(n.body));
    }
  }
}

function formatIp(b: Buffer): string {
  const mapped =
    b.length === 16 && b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
  if (b.length === 4 || mapped) return Array.from(b.subarray(b.length - 4)).join('.');
  if (b.length !== 16) throw new Error(`invalid IP address length ${b.length} in subject alternative names`);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // the WHATWG URL parser prints IPv6 in its canonical (RFC 5952) form
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1);
}

function publicKeyFrom(spki: Node): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
  } catch (e: unknown) {
    throw new CertificateRequestError('unsupported', 'unsupported or malformed public key', { cause: e });
  }
  let family: KeyFamily;
  try {
    family = describeKey(key).family;
  } catch (e: unknown) {
    throw new CertificateRequestError('unsupported', `unsupported public key: ${errorMessage(e)}`, {
      cause: e,
    });
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (family === 'rsa' && (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS))
    fail('unsupported', `unsupported RSA key size ${bits} (want ${RSA_MIN_BITS}..${RSA_MAX_BITS} bits)`);
  return key;
}

const SCHEMES: Record<string, { family: KeyFamily; hash: string | null }> = {
  [OID.ed25519]: { family: 'ed25519', hash: null },
  [OID.ecdsaWithSHA256]: { family: 'ecdsa', hash: 'sha256' },
  [OID.ecdsaWithSHA384]: { family: 'ecdsa', hash: 'sha384' },
  [OID.ecdsaWithSHA512]: { family: 'ecdsa', hash: 'sha512' },
  [OID.sha256WithRSA]: { family: 'rsa', hash: 'sha256' },
  [OID.sha384WithRSA]: { family: 'rsa', hash: 'sha384' },
  [OID.sha512WithRSA]: { family: 'rsa', hash: 'sha512' },
};

function verifySignature(s: Structure, key: KeyObject): void {
  const scheme = SCHEMES[s.algorithm];
  if (!scheme) return fail('unsupported', `unsupported signature algorithm ${s.algorithm}`);
  // RSA algorithm identifiers carry NULL parameters (or none); Ed25519 and ECDSA carry none
  const params = s.algorithmParams;
  if (params && !(scheme.family === 'rsa' && params.tag === TAG.NULL && params.body.length === 0))
    fail('malformed', 'malformed signature algorithm parameters');
  const family = describeKey(key).family;
  if (family !== scheme.family)
    fail(
      'bad-signature',
      `signature algorithm ${SIGNATURE_ALGORITHM_NAMES[s.algorithm] ?? s.algorithm} does not match the ${family} public key`,
    );
  let ok: boolean;
  try {
    ok = verify(scheme.hash, s.info.raw, key, s.signature);
  } catch {
    ok = false;
  }
  if (!ok) fail('bad-signature', 'certificate request signature does not verify');
}
