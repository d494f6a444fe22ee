// talosconfig (talosctl client configuration) generation and client certificates signed by the OS CA.
//
// Layout (Talos pkg/machinery/client/config, marshalled with go yaml):
//   context: <name>
//   contexts:
//       <name>:
//           endpoints: [...]
//           ca: <base64 PEM of the OS CA certificate>
//           crt: <base64 PEM of the client certificate>
//           key: <base64 PEM of the client key>

import { issueCertificate, toCertAndKey, type CAInput, type CertAndKey } from '../../pki';
import type { PemCertAndKey } from './secrets-bundle';
import { parseYamlDocuments, toGoYaml } from './yaml-style';

/** Talos constants.TalosAPIDefaultCertificateValidityDuration: 365 days. */
export const CLIENT_CERT_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;

export const ROLE_ADMIN = 'os:admin';
export const ROLE_OPERATOR = 'os:operator';
export const ROLE_READER = 'os:reader';
export const ROLE_ETCD_BACKUP = 'os:etcd:backup';

type OsCA = CAInput | PemCertAndKey;

function caOf(ca: OsCA): CertAndKey {
  return toCertAndKey(ca);
}

export interface ClientCertificateOptions {
  /** subject CN; Talos's own client certificates carry none */
  commonName?: string;
  /** default: now */
  now?: Date;
}

/**
 * Issues a Talos API client certificate like Talos's admin certificate: key of the CA's family (Ed25519 for the
 * OS CA), subject O = the roles (sorted, one O value each), keyUsage digitalSignature, extKeyUsage clientAuth.
 */
export async function issueClientCertificate(
  osCA: OsCA,
  role: string | readonly string[],
  validityMs: number = CLIENT_CERT_VALIDITY_MS,
  opts: ClientCertificateOptions = {},
): Promise<CertAndKey> {
  const roles = [...new Set(typeof role === 'string' ? [role] : role)].sort();
  return issueCertificate(caOf(osCA), {
    organizations: roles,
    ...(opts.commonName ? { commonName: opts.commonName } : {}),
    extKeyUsage: 'client',
    keyUsage: ['digitalSignature'],
    ...(opts.now ? { notBefore: opts.now } : {}),
    validityMs,
  });
}

export interface TalosconfigContext {
  endpoints: string[];
  nodes?: string[];
  /** PEM text (decoded) */
  ca: string;
  crt: string;
  key: string;
}

export interface Talosconfig {
  context: string;
  contexts: Record<string, TalosconfigContext>;
}

export interface TalosconfigOptions {
  contextName: string;
  osCA: OsCA;
  /** default [] (what `talosctl gen config` writes) */
  endpoints?: string[];
  /** default ['os:admin'] */
  roles?: string[];
  /** default 365 days */
  validityMs?: number;
  /** client certificate CN; default none */
  commonName?: string;
  now?: Date;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** Serializes a talosconfig the way talosctl writes it. */
export function serializeTalosconfig(cfg: Talosconfig): string {
  const contexts: Record<string, unknown> = {};
  for (const [name, ctx] of Object.entries(cfg.contexts)) {
    const out: Record<string, unknown> = { endpoints: [...ctx.endpoints] };
    if (ctx.nodes && ctx.nodes.length > 0) out.nodes = [...ctx.nodes];
    if (ctx.ca) out.ca = b64(ctx.ca);
    if (ctx.crt) out.crt = b64(ctx.crt);
    if (ctx.key) out.key = b64(ctx.key);
    contexts[name] = out;
  }
  return toGoYaml({ context: cfg.context, contexts });
}

/** Parses talosconfig text, decoding the base64 PEMs. */
export function parseTalosconfig(text: string): Talosconfig {
  const root = parseYamlDocuments(text)[0];
  if (typeof root !== 'object' || root === null) throw new Error('talosconfig: expected a mapping');
  const r = root as { context?: unknown; contexts?: unknown };
  const contexts: Record<string, TalosconfigContext> = {};
  if (typeof r.contexts === 'object' && r.contexts !== null) {
    for (const [name, raw] of Object.entries(r.contexts as Record<string, unknown>)) {
      const c = (raw ?? {}) as Record<string, unknown>;
      const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
      const dec = (v: unknown): string =>
        typeof v === 'string' ? Buffer.from(v, 'base64').toString('utf8') : '';
      const ctx: TalosconfigContext = {
        endpoints: list(c.endpoints),
        ca: dec(c.ca),
        crt: dec(c.crt),
        key: dec(c.key),
      };
      if (Array.isArray(c.nodes)) ctx.nodes = list(c.nodes);
      contexts[name] = ctx;
    }
  }
  return { context: typeof r.context === 'string' ? r.context : '', contexts };
}

/** Issues a client certificate from the OS CA and wraps it in a single-context talosconfig. */
export async function generateTalosconfig(
  opts: TalosconfigOptions,
): Promise<{ yaml: string; config: Talosconfig; clientCert: CertAndKey }> {
  const ca = caOf(opts.osCA);
  const clientCert = await issueClientCertificate(
    ca,
    opts.roles ?? [ROLE_ADMIN],
    opts.validityMs ?? CLIENT_CERT_VALIDITY_MS,
    {
      ...(opts.commonName ? { commonName: opts.commonName } : {}),
      ...(opts.now ? { now: opts.now } : {}),
    },
  );
  const config: Talosconfig = {
    context: opts.contextName,
    contexts: {
      [opts.contextName]: {
        endpoints: [...(opts.endpoints ?? [])],
        ca: ca.certPem,
        crt: clientCert.certPem,
        key: clientCert.keyPem,
      },
    },
  };
  return { yaml: serializeTalosconfig(config), config, clientCert };
}
