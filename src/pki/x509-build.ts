// Builds and signs DER X.509 v3 certificates with the layout Go's crypto/x509 produces
// (extension order, criticality, PrintableString names, UTCTime/GeneralizedTime choice).

import { sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

import * as der from './der';
import { describeKey } from './keys';
import { KEY_USAGE_BITS, OID, type KeyUsage } from './oids';

export interface NameSpec {
  organizations?: readonly string[];
  commonName?: string;
}

/** DER Name with O values first, then CN (each in its own RDN), as Go's pkix.Name orders them. */
export function encodeName(spec: NameSpec): Buffer {
  const rdns: Buffer[] = [];
  for (const o of spec.organizations ?? [])
    rdns.push(der.set(der.seq(der.oid(OID.organization), der.directoryString(o))));
  if (spec.commonName)
    rdns.push(der.set(der.seq(der.oid(OID.commonName), der.directoryString(spec.commonName))));
  return der.seq(...rdns);
}

export interface TbsSpec {
  /** unsigned big-endian serial number */
  serial: Buffer;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo of the certified key */
  spki: Buffer;
  keyUsage: readonly KeyUsage[];
  /** extended key usage OIDs */
  extKeyUsage: readonly string[];
  isCA: boolean;
  subjectKeyId?: Buffer;
  authorityKeyId?: Buffer;
  dnsNames: readonly string[];
  ipAddresses: readonly string[];
}

interface SignatureScheme {
  algorithmIdentifier: Buffer;
  hash: string | null;
}

/** Signature algorithm used when `signer` signs: Ed25519, ECDSA with the curve's hash, or RSA PKCS#1 v1.5 with SHA-512 (as siderolabs/crypto does). */
export function signatureScheme(signer: KeyObject): SignatureScheme {
  const info = describeKey(signer);
  switch (info.family) {
    case 'ed25519':
      return { algorithmIdentifier: der.seq(der.oid(OID.ed25519)), hash: null };
    case 'ecdsa':
      if (info.curve === 'P-384')
        return { algorithmIdentifier: der.seq(der.oid(OID.ecdsaWithSHA384)), hash: 'sha384' };
      if (info.curve === 'P-521')
        return { algorithmIdentifier: der.seq(der.oid(OID.ecdsaWithSHA512)), hash: 'sha512' };
      return { algorithmIdentifier: der.seq(der.oid(OID.ecdsaWithSHA256)), hash: 'sha256' };
    case 'rsa':
      return { algorithmIdentifier: der.seq(der.oid(OID.sha512WithRSA), der.nullValue()), hash: 'sha512' };
  }
}

function ipv4Bytes(s: string): Buffer {
  return Buffer.from(s.split('.').map(Number));
}

function ipv6Bytes(s: string): Buffer {
  // rewrite a trailing dotted IPv4 part as two hex groups, then expand "::"
  const text = s.replace(
    /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
    (_m, a: string, b: string, c: string, d: string) =>
      `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const parse = (p: string): number[] => (p === '' ? [] : p.split(':').map((g) => parseInt(g, 16)));
  const [head = '', tail] = text.split('::');
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const groups =
    tail === undefined ? h : [...h, ...new Array<number>(Math.max(0, 8 - h.length - t.length)).fill(0), ...t];
  if (groups.length !== 8 || groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff))
    throw new Error(`invalid IPv6 address ${s}`);
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(g, i * 2));
  return out;
}

/** Address bytes for a SAN iPAddress entry: 4 bytes for IPv4 (also IPv4-mapped IPv6), else 16. */
export function ipAddressBytes(ip: string): Buffer {
  const kind = isIP(ip);
  if (kind === 4) return ipv4Bytes(ip);
  if (kind === 6) {
    const b = ipv6Bytes(ip);
    const mapped = b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
    return mapped ? Buffer.from(b.subarray(12)) : b;
  }
  throw new Error(`invalid IP address: ${ip}`);
}

function keyUsageBits(usages: readonly KeyUsage[]): Buffer {
  let lastBit = -1;
  const bytes = [0, 0];
  for (const u of usages) {
    const bit = KEY_USAGE_BITS.indexOf(u);
    if (bit < 0) throw new Error(`unknown key usage ${u}`);
    bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
    lastBit = Math.max(lastBit, bit);
  }
  const len = lastBit >= 8 ? 2 : 1;
  const bitLength = lastBit + 1;
  return der.bitString(Buffer.from(bytes.slice(0, len)), len * 8 - bitLength);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? der.seq(der.oid(id), der.bool(true), der.octetString(value))
    : der.seq(der.oid(id), der.octetString(value));
}

function buildExtensions(spec: TbsSpec): Buffer[] {
  const exts: Buffer[] = [];
  if (spec.keyUsage.length > 0) exts.push(extension(OID.keyUsage, true, keyUsageBits(spec.keyUsage)));
  if (spec.extKeyUsage.length > 0)
    exts.push(extension(OID.extKeyUsage, false, der.seq(...spec.extKeyUsage.map((o) => der.oid(o)))));
  if (spec.isCA) exts.push(extension(OID.basicConstraints, true, der.seq(der.bool(true))));
  if (spec.subjectKeyId) exts.push(extension(OID.subjectKeyId, false, der.octetString(spec.subjectKeyId)));
  if (spec.authorityKeyId)
    exts.push(extension(OID.authorityKeyId, false, der.seq(der.implicitPrimitive(0, spec.authorityKeyId))));
  if (spec.dnsNames.length > 0 || spec.ipAddresses.length > 0) {
    const names = [
      ...spec.dnsNames.map((d) => der.implicitPrimitive(2, Buffer.from(d, 'ascii'))),
      ...spec.ipAddresses.map((ip) => der.implicitPrimitive(7, ipAddressBytes(ip))),
    ];
    // an empty subject makes the SAN extension critical (RFC 5280 4.2.1.6)
    const subjectEmpty = spec.subject.equals(der.seq());
    exts.push(extension(OID.subjectAltName, subjectEmpty, der.seq(...names)));
  }
  return exts;
}

/** Encodes the TBSCertificate for `spec`, signed-by algorithm taken from `signer`. */
export function encodeTbs(spec: TbsSpec, signer: KeyObject): Buffer {
  const scheme = signatureScheme(signer);
  const exts = buildExtensions(spec);
  return der.seq(
    der.explicit(0, der.smallInteger(2)),
    der.unsignedInteger(spec.serial),
    scheme.algorithmIdentifier,
    spec.issuer,
    der.seq(der.time(spec.notBefore), der.time(spec.notAfter)),
    spec.subject,
    spec.spki,
    ...(exts.length > 0 ? [der.explicit(3, der.seq(...exts))] : []),
  );
}

/** Builds the TBSCertificate and signs it with `signer`, returning the certificate DER. */
export function buildCertificateDer(spec: TbsSpec, signer: KeyObject): Buffer {
  const scheme = signatureScheme(signer);
  const tbs = encodeTbs(spec, signer);
  const signature = sign(scheme.hash, tbs, signer);
  return der.seq(tbs, scheme.algorithmIdentifier, der.bitString(signature));
}
