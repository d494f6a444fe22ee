// Certificate and key fields of the v1alpha1 document.
//
// Talos stores PEM certificates and keys base64-encoded; its decoder rejects text that is not
// standard base64. Beyond that, this checks that certificates parse as X.509 and keys as private
// keys (Talos only finds out when it first uses them), and warns when a CA key does not belong to
// its certificate. Messages name the field only, never its content.

import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';

import { pemSpans } from '../pki/pem';
import type { PathSegment } from './path';
import { get, list, record, type DocReport } from './validate-report';

/** Placeholder Talos writes for keys in redacted configs; accepted as-is. */
const REDACTED = '******';

/** Decodes standard, padded base64 as Go's StdEncoding does (line breaks are ignored). */
export function decodeStrictBase64(text: string): Buffer | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64');
}

function pemBlocks(text: string): Array<{ type: string; pem: string }> {
  return pemSpans(text).map((b) => ({ type: b.label, pem: b.text }));
}

/**
 * Parsing keys and certificates is most of a config's validation time (OpenSSL's decoders): the last
 * few results are kept by PEM text, so applying the same secrets again does not parse them again.
 */
const MEMO_SIZE = 32;
function memo<T>(): (text: string, parse: (text: string) => T) => T {
  const cache = new Map<string, T>();
  return (text, parse) => {
    if (cache.has(text)) return cache.get(text) as T;
    const value = parse(text);
    if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(text, value);
    return value;
  };
}
/** A parsed certificate or key with its public key's SubjectPublicKeyInfo (to match pairs). */
interface Parsed {
  readonly spki: Buffer;
}
const certificates = memo<Parsed | undefined>();
const privateKeys = memo<Parsed | undefined>();

export function parseCertificate(pemText: string): Parsed | undefined {
  const block = pemBlocks(pemText).find((b) => b.type === 'CERTIFICATE');
  if (!block) return undefined;
  return certificates(block.pem, (pem) => {
    try {
      // the key too: a certificate can parse while OpenSSL cannot read its public key
      return { spki: new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' }) };
    } catch {
      return undefined;
    }
  });
}

const KEY_TYPES = new Set(['ED25519 PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'PRIVATE KEY']);

export function parsePrivateKey(pemText: string): Parsed | undefined {
  const block = pemBlocks(pemText).find((b) => KEY_TYPES.has(b.type));
  if (!block) return undefined;
  // Talos labels PKCS#8 Ed25519 keys "ED25519 PRIVATE KEY"; OpenSSL knows them as "PRIVATE KEY".
  const pem =
    block.type === 'ED25519 PRIVATE KEY'
      ? block.pem.replaceAll('ED25519 PRIVATE KEY', 'PRIVATE KEY')
      : block.pem;
  return privateKeys(pem, (text) => {
    try {
      const key = createPrivateKey({ key: text, format: 'pem' });
      return { spki: createPublicKey(key).export({ type: 'spki', format: 'der' }) };
    } catch {
      return undefined;
    }
  });
}

/** What to check: base64 only (what Talos's decoder enforces) or also the PEM content. */
interface Ctx {
  r: DocReport;
  pem: boolean;
}

function decodeField(ctx: Ctx, path: PathSegment[], value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const decoded = decodeStrictBase64(value);
  if (!decoded) {
    ctx.r.error(path, 'must be base64-encoded (standard alphabet with padding)');
    return undefined;
  }
  return decoded.toString('utf8');
}

function checkCertificate(ctx: Ctx, path: PathSegment[], value: unknown): Parsed | undefined {
  const pem = decodeField(ctx, path, value);
  if (pem === undefined || !ctx.pem) return undefined;
  const cert = parseCertificate(pem);
  if (!cert) ctx.r.error(path, 'does not contain a valid PEM-encoded X.509 certificate');
  return cert;
}

function checkKey(ctx: Ctx, path: PathSegment[], value: unknown): Parsed | undefined {
  if (value === REDACTED) return undefined;
  const pem = decodeField(ctx, path, value);
  if (pem === undefined || !ctx.pem) return undefined;
  const key = parsePrivateKey(pem);
  if (!key) ctx.r.error(path, 'does not contain a valid PEM-encoded private key');
  return key;
}

/** Checks a `{crt, key}` pair at `path`. */
function checkPair(ctx: Ctx, path: PathSegment[], pair: unknown): void {
  const p = record(pair);
  if (!p) return;
  const cert = checkCertificate(ctx, [...path, 'crt'], p['crt']);
  const key = checkKey(ctx, [...path, 'key'], p['key']);
  if (cert && key && !cert.spki.equals(key.spki))
    ctx.r.warn([...path, 'key'], 'does not match the certificate in crt');
}

function checkFields(ctx: Ctx, cfg: Record<string, unknown>): void {
  checkPair(ctx, ['machine', 'ca'], get(cfg, 'machine', 'ca'));
  checkPair(ctx, ['cluster', 'ca'], get(cfg, 'cluster', 'ca'));
  checkPair(ctx, ['cluster', 'aggregatorCA'], get(cfg, 'cluster', 'aggregatorCA'));
  checkPair(ctx, ['cluster', 'etcd', 'ca'], get(cfg, 'cluster', 'etcd', 'ca'));
  checkKey(ctx, ['cluster', 'serviceAccount', 'key'], get(cfg, 'cluster', 'serviceAccount', 'key'));
  for (const section of ['machine', 'cluster'] as const) {
    list(get(cfg, section, 'acceptedCAs')).forEach((ca, i) => {
      checkCertificate(ctx, [section, 'acceptedCAs', i, 'crt'], get(ca, 'crt'));
    });
  }
  const registries = record(get(cfg, 'machine', 'registries', 'config')) ?? {};
  for (const [host, reg] of Object.entries(registries)) {
    const base: PathSegment[] = ['machine', 'registries', 'config', host, 'tls'];
    checkPair(ctx, [...base, 'clientIdentity'], get(reg, 'tls', 'clientIdentity'));
    decodeField(ctx, [...base, 'ca'], get(reg, 'tls', 'ca'));
  }
}

/** The base64 encoding of certificate and key fields, which Talos's decoder enforces. */
export function checkV1Alpha1Encodings(r: DocReport, cfg: Record<string, unknown>): void {
  checkFields({ r, pem: false }, cfg);
}

/** Certificate and key fields: base64, PEM content, and whether CA keys match their certificates. */
export function checkV1Alpha1PKI(r: DocReport, cfg: Record<string, unknown>): void {
  checkFields({ r, pem: true }, cfg);
}
