// A small client of the Kubernetes API server (what Talos's controllers use client-go for): JSON requests
// over HTTPS with the kubeconfig's client certificate or token, server-side apply, and the API's
// Status errors as a named error with the HTTP code and reason.
import { Agent, request } from 'node:https';
import type { KubeconfigCredentials } from './kubeconfig';

/** An error answer of the API server (a metav1.Status). */
export class KubernetesApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'KubernetesApiError';
  }
}

/** The API server did not answer (refused, reset, timed out). */
export class KubernetesConnectionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KubernetesConnectionError';
  }
}

const hasCode = (e: unknown, code: number): boolean => e instanceof KubernetesApiError && e.code === code;
export const isNotFound = (e: unknown): boolean => hasCode(e, 404);
export const isConflict = (e: unknown): boolean => hasCode(e, 409);
export const isAlreadyExists = (e: unknown): boolean =>
  e instanceof KubernetesApiError && e.code === 409 && e.reason === 'AlreadyExists';
export const isInvalid = (e: unknown): boolean => hasCode(e, 422);
export const isBadRequest = (e: unknown): boolean => hasCode(e, 400);
export const isMethodNotSupported = (e: unknown): boolean => hasCode(e, 405);

export interface RequestOptions {
  readonly body?: unknown;
  readonly contentType?: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export class KubernetesClient {
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    private readonly creds: KubeconfigCredentials,
    private readonly defaultTimeoutMs = 15_000,
  ) {
    this.base = new URL(creds.server);
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: 4,
      ...(creds.caPem !== undefined ? { ca: creds.caPem } : {}),
      ...(creds.certPem !== undefined ? { cert: creds.certPem } : {}),
      ...(creds.keyPem !== undefined ? { key: creds.keyPem } : {}),
    });
  }

  get server(): string {
    return this.creds.server;
  }

  close(): void {
    this.agent.destroy();
  }

  /** One request; resolves with the decoded JSON answer (undefined when empty). */
  request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const body =
      opts.body === undefined
        ? undefined
        : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(body.length);
    }
    if (this.creds.token !== undefined) headers['Authorization'] = `Bearer ${this.creds.token}`;
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          headers,
          agent: this.agent,
          timeout: opts.timeoutMs ?? this.defaultTimeoutMs,
          signal: opts.signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', (e) =>
            reject(new KubernetesConnectionError(`${method} ${url.pathname}: ${e.message}`)),
          );
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            let json: unknown;
            try {
              json = text === '' ? undefined : JSON.parse(text);
            } catch {
              json = undefined;
            }
            if (status >= 200 && status < 300) return resolve(json as T);
            const s = (json ?? {}) as { reason?: string; message?: string };
            reject(
              new KubernetesApiError(
                status,
                s.reason ?? '',
                s.message ?? `${method} ${url.pathname}: HTTP ${status} ${text.slice(0, 200)}`,
              ),
            );
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', (e) =>
        reject(new KubernetesConnectionError(`${method} ${url.pathname}: ${e.message}`, { cause: e })),
      );
      req.end(body);
    });
  }

  get<T = Record<string, unknown>>(path: string, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, signal !== undefined ? { signal } : {});
  }

  /** Server-side apply of `obj` at `path` (the object's URL) as `fieldManager`. */
  apply<T = Record<string, unknown>>(
    path: string,
    obj: Record<string, unknown>,
    fieldManager: string,
    opts: { force?: boolean; signal?: AbortSignal } = {},
  ): Promise<T> {
    return this.request<T>('PATCH', path, {
      body: obj,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager, ...(opts.force ? { force: 'true' } : {}) },
      ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
    });
  }
}
