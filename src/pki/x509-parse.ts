// Structural parser for DER X.509 certificates: exposes the fields callers and tests need
// (names, validity, extensions, raw SubjectPublicKeyInfo) without re-encoding anything.

import { children, decodeOid, DerError, readNode, TAG, type Node } from './der';
import { EXT_KEY_USAGE_NAMES, KEY_USAGE_BITS, OID, SIGNATURE_ALGORITHM_NAMES, type KeyUsage } from './oids';

/** A certificate that does not parse (its DER, its fields or its public key). */
export class CertificateParseError extends Error {
  override readonly name = 'CertificateParseError';
  constructor(message: string, options?: ErrorOptions) {
    super(`certificate: ${message}`, options);
  }
}

export interface DistinguishedName {
  commonName?: string;
  organizations: string[];
  organizationalUnits: string[];
  /** every attribute in order, as [oid, value] */
  attributes: Array<[string, string]>;
  /** DER encoding of the Name */
  raw: Buffer;
}

export interface CertificateFields {
  version: number;
  /** serial number as lower-case hex without leading zeros (matches node's X509Certificate.serialNumber case-insensitively) */
  serialNumber: string;
  signatureAlgorithm: string;
  signatureAlgorithmOid: string;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  /** DER SubjectPublicKeyInfo exactly as it appears in the certificate */
  spki: Buffer;
  /** DER TBSCertificate */
  tbs: Buffer;
  isCA: boolean;
  basicConstraintsCritical: boolean;
  keyUsage: KeyUsage[];
  keyUsageCritical: boolean;
  /** names for known usages ('serverAuth', 'clientAuth'), dotted OIDs otherwise */
  extKeyUsage: string[];
  dnsNames: string[];
  ipAddresses: string[];
  subjectAltNameCritical: boolean;
  subjectKeyId?: Buffer;
  authorityKeyId?: Buffer;
  /** extension OIDs in certificate order */
  extensionOids: string[];
}

function expect(node: Node | undefined, tag: number, what: string): Node {
  if (!node || node.tag !== tag) throw new CertificateParseError(`malformed ${what}`);
  return node;
}

function decodeString(n: Node): string {
  return n.tag === TAG.UTF8_STRING ? n.body.toString('utf8') : n.body.toString('latin1');
}

function parseName(node: Node): DistinguishedName {
  const dn: DistinguishedName = { organizations: [], organizationalUnits: [], attributes: [], raw: node.raw };
  for (const rdn of children(node)) {
    for (const atv of children(rdn)) {
      const [typeNode, valueNode] = children(atv);
      const type = decodeOid(expect(typeNode, TAG.OID, 'attribute type').body);
      if (!valueNode) throw new CertificateParseError('malformed attribute value');
      const value = decodeString(valueNode);
      dn.attributes.push([type, value]);
      if (type === OID.commonName) dn.commonName = value;
      else if (type === OID.organization) dn.organizations.push(value);
      else if (type === OID.organizationalUnit) dn.organizationalUnits.push(value);
    }
  }
  return dn;
}

function parseTime(node: Node): Date {
  const s = node.body.toString('ascii');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s)
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new CertificateParseError(`unsupported time ${JSON.stringify(s.slice(0, 32))}`);
  let year = Number(m[1]);
  if (node.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  if (bytes.length === 16) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
    // compress the longest run of zero groups
    let bestStart = -1;
    let bestLen = 0;
    for (let i = 0; i < 8;) {
      if (groups[i] !== '0') {
        i++;
        continue;
      }
      let j = i;
      while (j < 8 && groups[j] === '0') j++;
      if (j - i > bestLen && j - i > 1) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestStart < 0) return groups.join(':');
    return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
  }
  return bytes.toString('hex');
}

/** Parses a DER certificate; anything wrong with it is a CertificateParseError. */
export function parseCertificateDer(der: Buffer): CertificateFields {
  try {
    return parseFields(der);
  } catch (e: unknown) {
    if (e instanceof CertificateParseError) throw e;
    if (e instanceof DerError) throw new CertificateParseError(e.message, { cause: e });
    throw e;
  }
}

function parseFields(der: Buffer): CertificateFields {
  const cert = expect(readNode(der), TAG.SEQUENCE, 'certificate');
  if (cert.raw.length !== der.length) throw new CertificateParseError('trailing data');
  const [tbsNode, sigAlgNode] = children(cert);
  const tbs = expect(tbsNode, TAG.SEQUENCE, 'tbsCertificate');
  expect(sigAlgNode, TAG.SEQUENCE, 'signatureAlgorithm');

  const parts = children(tbs);
  let i = 0;
  let version = 1;
  if (parts[0]?.tag === 0xa0) {
    const v = children(parts[0])[0];
    version = (expect(v, TAG.INTEGER, 'version').body[0] ?? 0) + 1;
    i++;
  }
  const serial = expect(parts[i++], TAG.INTEGER, 'serialNumber');
  const sigAlg = expect(parts[i++], TAG.SEQUENCE, 'signature');
  const issuer = expect(parts[i++], TAG.SEQUENCE, 'issuer');
  const validity = expect(parts[i++], TAG.SEQUENCE, 'validity');
  const subject = expect(parts[i++], TAG.SEQUENCE, 'subject');
  const spki = expect(parts[i++], TAG.SEQUENCE, 'subjectPublicKeyInfo');

  const sigOid = decodeOid(expect(children(sigAlg)[0], TAG.OID, 'signature algorithm').body);
  const [nb, na] = children(validity);
  if (!nb || !na) throw new CertificateParseError('malformed validity');

  let serialHex = serial.body.toString('hex').replace(/^0+/, '');
  if (serialHex === '') serialHex = '0';

  const fields: CertificateFields = {
    version,
    serialNumber: serialHex,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[sigOid] ?? sigOid,
    signatureAlgorithmOid: sigOid,
    issuer: parseName(issuer),
    subject: parseName(subject),
    notBefore: parseTime(nb),
    notAfter: parseTime(na),
    spki: spki.raw,
    tbs: tbs.raw,
    isCA: false,
    basicConstraintsCritical: false,
    keyUsage: [],
    keyUsageCritical: false,
    extKeyUsage: [],
    dnsNames: [],
    ipAddresses: [],
    subjectAltNameCritical: false,
    extensionOids: [],
  };

  const extWrapper = parts.slice(i).find((p) => p.tag === 0xa3);
  if (extWrapper) {
    const extSeq = expect(children(extWrapper)[0], TAG.SEQUENCE, 'extensions');
    for (const ext of children(extSeq)) {
      const items = children(ext);
      const extOid = decodeOid(expect(items[0], TAG.OID, 'extension id').body);
      let critical = false;
      let valueNode = items[1];
      if (valueNode?.tag === TAG.BOOLEAN) {
        critical = (valueNode.body[0] ?? 0) !== 0;
        valueNode = items[2];
      }
      const value = expect(valueNode, TAG.OCTET_STRING, 'extension value').body;
      fields.extensionOids.push(extOid);
      applyExtension(fields, extOid, critical, value);
    }
  }
  return fields;
}

function applyExtension(fields: CertificateFields, extOid: string, critical: boolean, value: Buffer): void {
  switch (extOid) {
    case OID.basicConstraints: {
      const first = children(readNode(value))[0];
      fields.isCA = first?.tag === TAG.BOOLEAN && (first.body[0] ?? 0) !== 0;
      fields.basicConstraintsCritical = critical;
      break;
    }
    case OID.keyUsage: {
      const bits = expect(readNode(value), TAG.BIT_STRING, 'key usage');
      const bytes = bits.body.subarray(1);
      KEY_USAGE_BITS.forEach((name, bit) => {
        const byte = bytes[bit >> 3] ?? 0;
        if (byte & (0x80 >> (bit & 7))) fields.keyUsage.push(name);
      });
      fields.keyUsageCritical = critical;
      break;
    }
    case OID.extKeyUsage:
      for (const n of children(readNode(value))) {
        const o = decodeOid(n.body);
        fields.extKeyUsage.push(EXT_KEY_USAGE_NAMES[o] ?? o);
      }
      break;
    case OID.subjectAltName:
      for (const n of children(readNode(value))) {
        if (n.tag === 0x82) fields.dnsNames.push(n.body.toString('ascii'));
        else if (n.tag === 0x87) fields.ipAddresses.push(formatIp(n.body));
      }
      fields.subjectAltNameCritical = critical;
      break;
    case OID.subjectKeyId:
      fields.subjectKeyId = Buffer.from(expect(readNode(value), TAG.OCTET_STRING, 'subject key id').body);
      break;
    case OID.authorityKeyId: {
      const keyId = children(readNode(value)).find((n) => n.tag === 0x80);
      if (keyId) fields.authorityKeyId = Buffer.from(keyId.body);
      break;
    }
    default:
      break;
  }
}
