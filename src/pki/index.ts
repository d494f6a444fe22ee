export * from './keys';
export * from './certificate';
export * from './fingerprint';
export { encodePem, decodePem, decodePemAll, PemError, type PemBlock } from './pem';
export { DerError } from './der';
export { CertificateParseError } from './x509-parse';
export { KEY_USAGE_BITS, OID } from './oids';
export * from './csr';
