// Getting a worker's apid certificate from trustd. A worker's config carries the OS CA certificate but
// not its key, so the worker makes a key and a CSR for its SANs and asks trustd on a control-plane node
// (:50001) to sign it, presenting machine.token; trustd is trusted only if its certificate chains to
// the accepted CAs (machine.acceptedCAs and machine.ca.crt).
//
// Talos finds trustd through Kubernetes: the control-plane Endpoints resources (k8s.EndpointType)
// list the control-plane nodes' addresses, and the request goes round-robin to them. There is no
// Kubernetes discovery here yet, so the host of cluster.controlPlane.endpoint is used instead.
import { setTimeout as sleep } from 'node:timers/promises';
import * as grpc from '@grpc/grpc-js';
import type { MethodInfo } from '../grpc/backend';
import { apiSchema } from '../grpc/api-schema';
import type { Logger } from '../log';
import {
  certificateMatchesKey,
  createCertificateRequest,
  decodePemAll,
  encodePrivateKeyPem,
  generateKeyPair,
  leafKeyAlgorithmFor,
  parseCertificate,
} from '../pki';
import type { APICertsSpec } from '../resources/secrets/api-certificates';
import { errorMessage } from '../error-message';

export const TRUSTD_PORT = 50001;
const CERTIFICATE_PATH = '/securityapi.SecurityService/Certificate';

/** The names a certificate is issued for. */
export interface CertSANs {
  readonly ips: readonly string[];
  readonly dnsNames: readonly string[];
}

export interface Backoff {
  /** First wait after a failed attempt (default 1s); doubles up to `maxMs` (default 30s). */
  readonly initialMs: number;
  readonly maxMs: number;
  /** Deadline of one attempt (default 10s, as Talos). */
  readonly attemptTimeoutMs: number;
}

export interface WorkerCertificatesOptions {
  /** trustd's host: the control-plane endpoint's host (see trustdHost). */
  readonly endpoint: string;
  readonly port?: number;
  /** machine.token */
  readonly token: string;
  /** CAs trustd must chain to, PEM: machine.acceptedCAs then machine.ca.crt (the last picks the key type). */
  readonly trustedCAs: readonly string[];
  readonly sans: CertSANs;
  readonly commonName?: string;
  readonly logger: Logger;
  readonly methods?: readonly MethodInfo[];
  readonly backoff?: Partial<Backoff>;
}

/** The host of cluster.controlPlane.endpoint, without IPv6 brackets. */
export function trustdHost(url: URL | undefined): string | undefined {
  const host = url?.hostname.replace(/^\[(.*)\]$/, '$1');
  return host ? host : undefined;
}

/** A failed attempt, described without anything secret (gRPC errors carry code and details only). */
function describe(e: unknown): { code?: string; error: string } {
  const code = typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
  const name = typeof code === 'number' ? grpc.status[code] : undefined;
  return {
    ...(name ? { code: name } : {}),
    error: errorMessage(e),
  };
}

interface Answer {
  ca: string;
  crt: string;
}

function call(
  client: grpc.Client,
  method: MethodInfo,
  csr: string,
  token: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const metadata = new grpc.Metadata();
    metadata.set('token', token);
    const c = client.makeUnaryRequest(
      method.path,
      method.requestSerialize,
      method.responseDeserialize,
      { csr: Buffer.from(csr) },
      metadata,
      { deadline: Date.now() + timeoutMs },
      (err, res) => {
        signal.removeEventListener('abort', cancel);
        if (err) return reject(err);
        const r = res as { ca?: Uint8Array; crt?: Uint8Array } | undefined;
        resolve({ ca: Buffer.from(r?.ca ?? []).toString(), crt: Buffer.from(r?.crt ?? []).toString() });
      },
    );
    const cancel = (): void => c.cancel();
    signal.addEventListener('abort', cancel, { once: true });
  });
}

/** Checks trustd's answer: a certificate for our key, and at least one CA. */
function validate(answer: Answer, key: string): void {
  if (decodePemAll(answer.ca).filter((b) => b.label === 'CERTIFICATE').length === 0)
    throw new Error('trustd answered no CA certificate');
  parseCertificate(answer.crt);
  if (!certificateMatchesKey(answer.crt, key))
    throw new Error('trustd answered a certificate for another key');
}

/**
 * Gets apid's server certificate from trustd, retrying with bounded exponential backoff until it
 * succeeds; rejects only when the signal fires (with the signal's reason).
 */
export async function requestWorkerCertificates(
  opts: WorkerCertificatesOptions,
  signal: AbortSignal,
): Promise<APICertsSpec> {
  const backoff: Backoff = { initialMs: 1_000, maxMs: 30_000, attemptTimeoutMs: 10_000, ...opts.backoff };
  const method = (opts.methods ?? apiSchema().methods).find((m) => m.path === CERTIFICATE_PATH);
  if (!method) throw new Error(`the API schema has no ${CERTIFICATE_PATH}`);
  const lastCA = opts.trustedCAs[opts.trustedCAs.length - 1];
  if (lastCA === undefined) throw new Error('no CA to verify trustd against');

  const pair = await generateKeyPair(leafKeyAlgorithmFor(parseCertificate(lastCA).publicKey));
  const key = encodePrivateKeyPem(pair.privateKey);
  const csr = createCertificateRequest({
    key: pair.privateKey,
    ...(opts.commonName ? { commonName: opts.commonName } : {}),
    dnsNames: opts.sans.dnsNames,
    ipAddresses: opts.sans.ips,
  });
  const host = opts.endpoint.includes(':') ? `[${opts.endpoint}]` : opts.endpoint;
  const target = `${host}:${opts.port ?? TRUSTD_PORT}`;
  const client = new grpc.Client(target, grpc.credentials.createSsl(Buffer.from(opts.trustedCAs.join('\n'))));
  try {
    for (let attempt = 1, wait = backoff.initialMs; ; attempt++, wait = Math.min(wait * 2, backoff.maxMs)) {
      signal.throwIfAborted();
      try {
        const answer = await call(client, method, csr, opts.token, backoff.attemptTimeoutMs, signal);
        validate(answer, key);
        opts.logger.info({ endpoint: target }, 'received apid certificate from trustd');
        return {
          acceptedCAs: [answer.ca],
          server: { crt: answer.crt, key },
          skipVerifyingClientCert: false,
        };
      } catch (e: unknown) {
        signal.throwIfAborted();
        const delay = Math.round(wait * (0.9 + Math.random() * 0.2));
        opts.logger.warn(
          { endpoint: target, attempt, retryInMs: delay, ...describe(e) },
          'failed to get apid certificate from trustd',
        );
        await sleep(delay, undefined, { signal });
      }
    }
  } finally {
    client.close();
  }
}
