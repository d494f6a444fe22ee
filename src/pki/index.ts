export * from './keys';
export * from './certificate';
export * from './fingerprint';
export { encodePem, decodePem, decodePemAll, type PemBlock } from './pem';
export { KEY_USAGE_BITS, OID } from './oids';
export * from './csr';
