// Secrets bundle: what `talosctl gen secrets` writes to secrets.yaml and `gen config --with-secrets` reads.
//
// YAML layout (Talos pkg/machinery/config/generate/secrets, marshalled with go yaml: lower-cased field names):
//   cluster:    { id, secret }
//   secrets:    { bootstraptoken, secretboxencryptionsecret | aescbcencryptionsecret }
//   trustdinfo: { token }
//   certs:      { etcd: {crt,key}, k8s: {crt,key}, k8saggregator: {crt,key}, k8sserviceaccount: {key}, os: {crt,key} }
// with every crt/key the base64 (standard alphabet) of the PEM text.

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';

import {
  certificateMatchesKey,
  decodePrivateKeyPem,
  encodePrivateKeyPem,
  generateCA,
  generateKeyPair,
  parseCertificate,
  type CertAndKey,
  type KeyAlgorithm,
} from '../../pki';
import { parseYamlDocuments, toGoYaml } from './yaml-style';
import { errorMessage } from '../../error-message';
import { isRecord } from '../../untyped-values';

/** A certificate and key as PEM text (decoded from the base64 in YAML). */
export interface PemCertAndKey {
  crt: string;
  /** empty string when the key is withheld (e.g. the OS CA in worker configs) */
  key: string;
}

export interface SecretsBundle {
  cluster: { id: string; secret: string };
  secrets: { bootstrapToken: string; secretboxEncryptionSecret?: string; aescbcEncryptionSecret?: string };
  trustdInfo: { token: string };
  certs: {
    etcd: PemCertAndKey;
    k8s: PemCertAndKey;
    k8sAggregator: PemCertAndKey;
    k8sServiceAccount: { key: string };
    os: PemCertAndKey;
  };
}

export interface GenerateSecretsOptions {
  /** issue time for the CAs (Talos uses one fixed clock for the whole bundle); default now */
  now?: Date;
  /** service account key algorithm; Talos >= 1.7 uses RSA 4096 */
  serviceAccountKeyAlgorithm?: KeyAlgorithm;
}

const TOKEN_CHARS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random string over [0-9a-z]; bytes >= 252 are rejected so every character is equally likely. */
export function randomTokenString(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b >= 252) continue;
      out += TOKEN_CHARS[b % TOKEN_CHARS.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** kubeadm-style token "xxxxxx.yyyyyyyyyyyyyyyy" (6 + 16 characters), used for bootstrap and trustd tokens. */
export function generateToken(): string {
  return `${randomTokenString(6)}.${randomTokenString(16)}`;
}

const asPem = (c: CertAndKey): PemCertAndKey => ({ crt: c.certPem, key: c.keyPem });

/** Talos API (OS) CA: Ed25519, O=talos. */
export async function generateOsCA(now: Date = new Date()): Promise<CertAndKey> {
  return generateCA({ organizations: ['talos'], keyAlgorithm: 'ed25519', notBefore: now });
}

/** etcd CA: ECDSA P-256, O=etcd. */
export async function generateEtcdCA(now: Date = new Date()): Promise<CertAndKey> {
  return generateCA({ organizations: ['etcd'], keyAlgorithm: 'ecdsa-p256', notBefore: now });
}

/** Kubernetes CA: ECDSA P-256, O=kubernetes. */
export async function generateKubernetesCA(now: Date = new Date()): Promise<CertAndKey> {
  return generateCA({ organizations: ['kubernetes'], keyAlgorithm: 'ecdsa-p256', notBefore: now });
}

/** Kubernetes aggregator (front-proxy) CA: ECDSA P-256 with an empty subject (Talos asks for CN=front-proxy but its CA builder only copies O). */
export async function generateAggregatorCA(now: Date = new Date()): Promise<CertAndKey> {
  return generateCA({ keyAlgorithm: 'ecdsa-p256', notBefore: now });
}

/** Generates a complete bundle with the algorithms Talos v1.13 uses. */
export async function generateSecretsBundle(opts: GenerateSecretsOptions = {}): Promise<SecretsBundle> {
  const now = opts.now ?? new Date();
  const [etcd, k8s, aggregator, serviceAccount, os] = await Promise.all([
    generateEtcdCA(now),
    generateKubernetesCA(now),
    generateAggregatorCA(now),
    generateKeyPair(opts.serviceAccountKeyAlgorithm ?? 'rsa-4096'),
    generateOsCA(now),
  ]);
  return {
    cluster: {
      // URL-safe alphabet but padded, like Go's base64.URLEncoding
      id: randomBytes(32).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      secret: randomBytes(32).toString('base64'),
    },
    secrets: {
      bootstrapToken: generateToken(),
      secretboxEncryptionSecret: randomBytes(32).toString('base64'),
    },
    trustdInfo: { token: generateToken() },
    certs: {
      etcd: asPem(etcd),
      k8s: asPem(k8s),
      k8sAggregator: asPem(aggregator),
      k8sServiceAccount: { key: encodePrivateKeyPem(serviceAccount.privateKey) },
      os: asPem(os),
    },
  };
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

function pairToYaml(p: PemCertAndKey): { crt: string; key: string } {
  return { crt: b64(p.crt), key: b64(p.key) };
}

/** The YAML object form (Talos field names, base64 PEMs). */
export function secretsBundleToYamlObject(bundle: SecretsBundle): Record<string, unknown> {
  const secrets: Record<string, string> = { bootstraptoken: bundle.secrets.bootstrapToken };
  if (bundle.secrets.aescbcEncryptionSecret)
    secrets.aescbcencryptionsecret = bundle.secrets.aescbcEncryptionSecret;
  if (bundle.secrets.secretboxEncryptionSecret)
    secrets.secretboxencryptionsecret = bundle.secrets.secretboxEncryptionSecret;
  return {
    cluster: { id: bundle.cluster.id, secret: bundle.cluster.secret },
    secrets,
    trustdinfo: { token: bundle.trustdInfo.token },
    certs: {
      etcd: pairToYaml(bundle.certs.etcd),
      k8s: pairToYaml(bundle.certs.k8s),
      k8saggregator: pairToYaml(bundle.certs.k8sAggregator),
      k8sserviceaccount: { key: b64(bundle.certs.k8sServiceAccount.key) },
      os: pairToYaml(bundle.certs.os),
    },
  };
}

/** secrets.yaml text, as `talosctl gen secrets` writes it. */
export function serializeSecretsBundle(bundle: SecretsBundle): string {
  return toGoYaml(secretsBundleToYamlObject(bundle));
}

/** Keys are matched exactly (Talos writes them lower-case). */
function field(obj: Record<string, unknown> | undefined, key: string): unknown {
  return obj ? obj[key] : undefined;
}

function str(v: unknown, path: string, errors: string[]): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    errors.push(`${path}: expected a string`);
    return '';
  }
  return v;
}

function unb64(v: unknown, path: string, errors: string[]): string {
  const s = str(v, path, errors);
  if (s === '') return '';
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
    errors.push(`${path}: invalid base64`);
    return '';
  }
  return Buffer.from(s, 'base64').toString('utf8');
}

function pairFromYaml(v: unknown, path: string, errors: string[]): PemCertAndKey | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    errors.push(`${path}: expected a mapping`);
    return undefined;
  }
  return { crt: unb64(v.crt, `${path}.crt`, errors), key: unb64(v.key, `${path}.key`, errors) };
}

/** Problems with a bundle, in the spirit of Talos's Bundle.Validate (empty when valid). */
export function validateSecretsBundle(bundle: Partial<SecretsBundle> | undefined): string[] {
  const errs: string[] = [];
  if (!bundle?.cluster) errs.push('cluster is required');
  else {
    if (!bundle.cluster.id) errs.push('cluster.id is required');
    if (!bundle.cluster.secret) errs.push('cluster.secret is required');
  }
  if (!bundle?.secrets) errs.push('secrets is required');
  else {
    if (!bundle.secrets.bootstrapToken) errs.push('secrets.bootstraptoken is required');
    const sb = bundle.secrets.secretboxEncryptionSecret;
    const aes = bundle.secrets.aescbcEncryptionSecret;
    if (!sb && !aes)
      errs.push('one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is required');
    if (sb && aes)
      errs.push('only one of [secrets.secretboxencryptionsecret, secrets.aescbcencryptionsecret] is allowed');
  }
  if (!bundle?.trustdInfo) errs.push('trustdinfo is required');
  else if (!bundle.trustdInfo.token) errs.push('trustdinfo.token is required');
  const certs = bundle?.certs;
  if (!certs) {
    errs.push('certs is required');
    return errs;
  }
  const checkPair = (p: PemCertAndKey | undefined, name: string): void => {
    if (!p) {
      errs.push(`certs.${name} is required`);
      return;
    }
    try {
      decodePrivateKeyPem(p.key);
      parseCertificate(p.crt);
      if (!certificateMatchesKey(p.crt, p.key))
        errs.push(`certs.${name} is invalid: certificate does not match key`);
    } catch (err: unknown) {
      errs.push(`certs.${name} is invalid: ${errorMessage(err)}`);
    }
  };
  checkPair(certs.etcd, 'etcd');
  checkPair(certs.k8s, 'k8s');
  checkPair(certs.k8sAggregator, 'k8saggregator');
  checkPair(certs.os, 'os');
  if (!certs.k8sServiceAccount) errs.push('certs.k8sserviceaccount is required');
  else {
    try {
      decodePrivateKeyPem(certs.k8sServiceAccount.key);
    } catch (err: unknown) {
      errs.push(`certs.k8sserviceaccount.key is invalid: ${errorMessage(err)}`);
    }
  }
  return errs;
}

/** Parses secrets.yaml text. Throws with every problem found if the bundle is malformed or incomplete. */
export function parseSecretsBundle(text: string): SecretsBundle {
  const docs = parseYamlDocuments(text);
  const root = docs[0];
  if (!isRecord(root)) throw new Error('secrets bundle: expected a YAML mapping');
  const errors: string[] = [];
  const section = (name: string): Record<string, unknown> | undefined => {
    const v = root[name];
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) {
      errors.push(`${name}: expected a mapping`);
      return undefined;
    }
    return v;
  };
  const cluster = section('cluster');
  const secrets = section('secrets');
  const trustd = section('trustdinfo');
  const certs = section('certs');

  const partial: Partial<SecretsBundle> = {};
  if (cluster)
    partial.cluster = {
      id: str(field(cluster, 'id'), 'cluster.id', errors),
      secret: str(field(cluster, 'secret'), 'cluster.secret', errors),
    };
  if (secrets) {
    const s: SecretsBundle['secrets'] = {
      bootstrapToken: str(field(secrets, 'bootstraptoken'), 'secrets.bootstraptoken', errors),
    };
    const sb = str(field(secrets, 'secretboxencryptionsecret'), 'secrets.secretboxencryptionsecret', errors);
    const aes = str(field(secrets, 'aescbcencryptionsecret'), 'secrets.aescbcencryptionsecret', errors);
    if (sb) s.secretboxEncryptionSecret = sb;
    if (aes) s.aescbcEncryptionSecret = aes;
    partial.secrets = s;
  }
  if (trustd) partial.trustdInfo = { token: str(field(trustd, 'token'), 'trustdinfo.token', errors) };
  if (certs) {
    const sa = field(certs, 'k8sserviceaccount');
    const c = {
      etcd: pairFromYaml(field(certs, 'etcd'), 'certs.etcd', errors),
      k8s: pairFromYaml(field(certs, 'k8s'), 'certs.k8s', errors),
      k8sAggregator: pairFromYaml(field(certs, 'k8saggregator'), 'certs.k8saggregator', errors),
      k8sServiceAccount: isRecord(sa)
        ? { key: unb64(sa.key, 'certs.k8sserviceaccount.key', errors) }
        : undefined,
      os: pairFromYaml(field(certs, 'os'), 'certs.os', errors),
    };
    partial.certs = c as SecretsBundle['certs'];
  }
  errors.push(...validateSecretsBundle(partial));
  if (errors.length > 0) throw new Error(`invalid secrets bundle:\n  ${errors.join('\n  ')}`);
  return partial as SecretsBundle;
}

/** Reads and parses a secrets.yaml file. */
export async function loadSecretsBundle(path: string): Promise<SecretsBundle> {
  return parseSecretsBundle(await readFile(path, 'utf8'));
}
