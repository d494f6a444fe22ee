// Object identifiers used by the certificate builder and parser.

export const OID = {
  // attribute types (subject / issuer)
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',
  country: '2.5.4.6',
  // extensions
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  // extended key usages
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  // signature algorithms
  ed25519: '1.3.101.112',
  ecdsaWithSHA256: '1.2.840.10045.4.3.2',
  ecdsaWithSHA384: '1.2.840.10045.4.3.3',
  ecdsaWithSHA512: '1.2.840.10045.4.3.4',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
} as const;

/** Key usage bit names, in bit order (RFC 5280 4.2.1.3). */
export const KEY_USAGE_BITS = [
  'digitalSignature',
  'contentCommitment',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsage = (typeof KEY_USAGE_BITS)[number];

export const EXT_KEY_USAGE_NAMES: Record<string, string> = {
  [OID.serverAuth]: 'serverAuth',
  [OID.clientAuth]: 'clientAuth',
};

export const SIGNATURE_ALGORITHM_NAMES: Record<string, string> = {
  [OID.ed25519]: 'Ed25519',
  [OID.ecdsaWithSHA256]: 'ECDSA-SHA256',
  [OID.ecdsaWithSHA384]: 'ECDSA-SHA384',
  [OID.ecdsaWithSHA512]: 'ECDSA-SHA512',
  [OID.sha256WithRSA]: 'SHA256-RSA',
  [OID.sha384WithRSA]: 'SHA384-RSA',
  [OID.sha512WithRSA]: 'SHA512-RSA',
};
