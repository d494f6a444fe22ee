// Private/public key generation and PEM encoding in the formats Talos (siderolabs/crypto) uses:
//   Ed25519 -> "ED25519 PRIVATE KEY" holding PKCS#8 DER
//   ECDSA   -> "EC PRIVATE KEY" holding SEC1 DER
//   RSA     -> "RSA PRIVATE KEY" holding PKCS#1 DER
// Decoding additionally accepts the generic PKCS#8 "PRIVATE KEY" block.

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair as nodeGenerateKeyPair,
  generateKeyPairSync as nodeGenerateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';

import { decodePem, encodePem } from './pem';
import { errorMessage } from '../error-message';

export type KeyAlgorithm = 'ed25519' | 'ecdsa-p256' | 'ecdsa-p384' | 'rsa-2048' | 'rsa-4096';

export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = [
  'ed25519',
  'ecdsa-p256',
  'ecdsa-p384',
  'rsa-2048',
  'rsa-4096',
];

export const PEM_LABELS = {
  certificate: 'CERTIFICATE',
  ed25519Private: 'ED25519 PRIVATE KEY',
  ecPrivate: 'EC PRIVATE KEY',
  rsaPrivate: 'RSA PRIVATE KEY',
  pkcs8Private: 'PRIVATE KEY',
  ed25519Public: 'ED25519 PUBLIC KEY',
  ecPublic: 'EC PUBLIC KEY',
  publicKey: 'PUBLIC KEY',
} as const;

export type KeyFamily = 'ed25519' | 'ecdsa' | 'rsa';

export interface KeyInfo {
  family: KeyFamily;
  /** NIST curve name for ECDSA keys */
  curve?: 'P-256' | 'P-384' | 'P-521';
  /** modulus size for RSA keys */
  bits?: number;
  /** the matching KeyAlgorithm, when the key is one of the supported shapes */
  algorithm?: KeyAlgorithm;
}

export interface KeyPair {
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const generateAsync = promisify(nodeGenerateKeyPair);

type GenArgs =
  { type: 'ed25519' } | { type: 'ec'; namedCurve: string } | { type: 'rsa'; modulusLength: number };

function genArgs(algorithm: KeyAlgorithm): GenArgs {
  switch (algorithm) {
    case 'ed25519':
      return { type: 'ed25519' };
    case 'ecdsa-p256':
      return { type: 'ec', namedCurve: 'prime256v1' };
    case 'ecdsa-p384':
      return { type: 'ec', namedCurve: 'secp384r1' };
    case 'rsa-2048':
      return { type: 'rsa', modulusLength: 2048 };
    case 'rsa-4096':
      return { type: 'rsa', modulusLength: 4096 };
    default:
      throw new Error(`unsupported key algorithm: ${String(algorithm)}`);
  }
}

export function isKeyAlgorithm(v: unknown): v is KeyAlgorithm {
  return typeof v === 'string' && (KEY_ALGORITHMS as readonly string[]).includes(v);
}

/** Generates a key pair (off the main thread for RSA). */
export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<KeyPair> {
  const a = genArgs(algorithm);
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  switch (a.type) {
    case 'ed25519':
      pair = await generateAsync('ed25519');
      break;
    case 'ec':
      pair = await generateAsync('ec', { namedCurve: a.namedCurve });
      break;
    case 'rsa':
      pair = await generateAsync('rsa', { modulusLength: a.modulusLength, publicExponent: 0x10001 });
      break;
  }
  return { algorithm, ...pair };
}

export function generateKeyPairSync(algorithm: KeyAlgorithm): KeyPair {
  const a = genArgs(algorithm);
  let pair: { privateKey: KeyObject; publicKey: KeyObject };
  switch (a.type) {
    case 'ed25519':
      pair = nodeGenerateKeyPairSync('ed25519');
      break;
    case 'ec':
      pair = nodeGenerateKeyPairSync('ec', { namedCurve: a.namedCurve });
      break;
    case 'rsa':
      pair = nodeGenerateKeyPairSync('rsa', { modulusLength: a.modulusLength, publicExponent: 0x10001 });
      break;
  }
  return { algorithm, ...pair };
}

const CURVES: Record<string, KeyInfo['curve']> = {
  prime256v1: 'P-256',
  'P-256': 'P-256',
  secp384r1: 'P-384',
  'P-384': 'P-384',
  secp521r1: 'P-521',
  'P-521': 'P-521',
};

/** Family / curve / size of a (private or public) key. */
export function describeKey(key: KeyObject): KeyInfo {
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      return { family: 'ed25519', algorithm: 'ed25519' };
    case 'ec': {
      const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
      if (!curve) throw new Error(`unsupported EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'}`);
      const algorithm: KeyAlgorithm | undefined =
        curve === 'P-256' ? 'ecdsa-p256' : curve === 'P-384' ? 'ecdsa-p384' : undefined;
      return algorithm ? { family: 'ecdsa', curve, algorithm } : { family: 'ecdsa', curve };
    }
    case 'rsa': {
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      const algorithm: KeyAlgorithm | undefined =
        bits === 2048 ? 'rsa-2048' : bits === 4096 ? 'rsa-4096' : undefined;
      return algorithm ? { family: 'rsa', bits, algorithm } : { family: 'rsa', bits };
    }
    default:
      throw new Error(`unsupported key type ${key.asymmetricKeyType ?? key.type}`);
  }
}

/** Private key PEM exactly as Talos writes it (label and inner DER per key family). */
export function encodePrivateKeyPem(key: KeyObject): string {
  if (key.type !== 'private') throw new Error('encodePrivateKeyPem: not a private key');
  switch (describeKey(key).family) {
    case 'ed25519':
      return encodePem(PEM_LABELS.ed25519Private, key.export({ type: 'pkcs8', format: 'der' }));
    case 'ecdsa':
      return encodePem(PEM_LABELS.ecPrivate, key.export({ type: 'sec1', format: 'der' }));
    case 'rsa':
      return encodePem(PEM_LABELS.rsaPrivate, key.export({ type: 'pkcs1', format: 'der' }));
  }
}

/** Generic PKCS#8 "PRIVATE KEY" PEM (what OpenSSL / node:tls expect). */
export function encodePkcs8Pem(key: KeyObject): string {
  if (key.type !== 'private') throw new Error('encodePkcs8Pem: not a private key');
  return encodePem(PEM_LABELS.pkcs8Private, key.export({ type: 'pkcs8', format: 'der' }));
}

/**
 * Parses a private key PEM: "ED25519 PRIVATE KEY" (PKCS#8, must be Ed25519), "EC PRIVATE KEY" (SEC1),
 * "RSA PRIVATE KEY" (PKCS#1) or "PRIVATE KEY" (PKCS#8, any supported family).
 */
export function decodePrivateKeyPem(pem: string | Buffer): KeyObject {
  const block = decodePem(pem);
  let key: KeyObject;
  try {
    switch (block.label) {
      case PEM_LABELS.ed25519Private:
        key = createPrivateKey({ key: block.der, format: 'der', type: 'pkcs8' });
        if (key.asymmetricKeyType !== 'ed25519')
          throw new Error('failed parsing Ed25519 key, got wrong key type');
        break;
      case PEM_LABELS.ecPrivate:
        key = createPrivateKey({ key: block.der, format: 'der', type: 'sec1' });
        break;
      case PEM_LABELS.rsaPrivate:
        key = createPrivateKey({ key: block.der, format: 'der', type: 'pkcs1' });
        break;
      case PEM_LABELS.pkcs8Private:
        key = createPrivateKey({ key: block.der, format: 'der', type: 'pkcs8' });
        break;
      default:
        throw new Error(`unsupported key type "${block.label}"`);
    }
  } catch (err: unknown) {
    const msg = errorMessage(err);
    throw new Error(`failed to parse private key (${block.label}): ${msg}`, { cause: err });
  }
  describeKey(key); // rejects unsupported families (e.g. DSA, X25519)
  return key;
}

/** Converts any accepted private key PEM to a PKCS#8 "PRIVATE KEY" PEM usable by node:tls / crypto.createPrivateKey. */
export function toNodeKeyPem(keyPem: string | Buffer): string {
  return encodePkcs8Pem(decodePrivateKeyPem(keyPem));
}

/** Public half of a private key (or the key itself if already public). */
export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'public' ? key : createPublicKey(key);
}

/** DER SubjectPublicKeyInfo of a key. */
export function spkiDer(key: KeyObject): Buffer {
  return publicKeyOf(key).export({ type: 'spki', format: 'der' });
}

/**
 * Public key PEM (PKIX SubjectPublicKeyInfo DER inside). With style 'talos' (default) the label follows
 * siderolabs/crypto ("ED25519 PUBLIC KEY", "EC PUBLIC KEY", "PUBLIC KEY" for RSA); 'pkix' always uses "PUBLIC KEY".
 */
export function encodePublicKeyPem(key: KeyObject, style: 'talos' | 'pkix' = 'talos'): string {
  const pub = publicKeyOf(key);
  let label: string = PEM_LABELS.publicKey;
  if (style === 'talos') {
    const family = describeKey(pub).family;
    if (family === 'ed25519') label = PEM_LABELS.ed25519Public;
    else if (family === 'ecdsa') label = PEM_LABELS.ecPublic;
  }
  return encodePem(label, spkiDer(pub));
}

/** Parses a public key PEM with any of the labels above. */
export function decodePublicKeyPem(pem: string | Buffer): KeyObject {
  const block = decodePem(pem, [PEM_LABELS.publicKey, PEM_LABELS.ecPublic, PEM_LABELS.ed25519Public]);
  return createPublicKey({ key: block.der, format: 'der', type: 'spki' });
}
