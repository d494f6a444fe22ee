// Requests to one registry endpoint for one repository, with the Docker registry auth dance: a 401 with
// `WWW-Authenticate: Bearer realm=…,service=…,scope=…` is answered by fetching a token from the realm
// (anonymously, or with Basic credentials when configured) and retrying; the token is kept for the
// session. Tokens and credentials never appear in errors.
import { ImagePullError } from './errors';

export type FetchFn = typeof globalThis.fetch;

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

const MAX_TOKEN_RESPONSE = 1024 * 1024;

/** `Bearer realm="…",service="…"` → scheme and parameters (quoted values may hold commas). */
export function parseChallenge(header: string): { scheme: string; params: Map<string, string> } {
  const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*(.*)$/s.exec(header);
  const params = new Map<string, string>();
  if (!m) return { scheme: '', params };
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/gy;
  const rest = m[2]!;
  re.lastIndex = 0;
  while (re.lastIndex < rest.length) {
    const p = re.exec(rest);
    if (!p) break;
    params.set(p[1]!.toLowerCase(), p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : p[3]!);
  }
  return { scheme: m[1]!.toLowerCase(), params };
}

/** A message for a failed fetch: the underlying socket error when there is one. */
export function transportMessage(e: unknown): string {
  if (e instanceof Error) {
    const cause = e.cause;
    if (cause instanceof Error && cause.message !== '') return cause.message;
    return e.message;
  }
  return String(e);
}

/** Reads a body, refusing more than `max` bytes. */
export async function readBounded(res: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    await res.body?.cancel();
    throw new ImagePullError('failed', `${what} is ${declared} bytes, more than the ${max} allowed`);
  }
  const parts: Buffer[] = [];
  let total = 0;
  if (res.body) {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      total += chunk.length;
      if (total > max) {
        await res.body.cancel().catch(() => undefined);
        throw new ImagePullError('failed', `${what} is more than the ${max} bytes allowed`);
      }
      parts.push(Buffer.from(chunk));
    }
  }
  return Buffer.concat(parts);
}

export class RegistrySession {
  private authorization: string | undefined;

  constructor(
    /** The API root (`http://host:5000/v2`). */
    readonly root: string,
    readonly repository: string,
    private readonly fetchFn: FetchFn,
    private readonly signal: AbortSignal,
    private readonly credentials?: Credentials,
  ) {}

  /** GET `<root>/<repository>/<path>`; follows one auth challenge. Non-2xx responses are returned. */
  async get(path: string, accept?: string): Promise<Response> {
    const url = `${this.root}/${this.repository}/${path}`;
    let res = await this.send(url, accept);
    if (res.status === 401) {
      const challenge = res.headers.get('www-authenticate') ?? '';
      await res.body?.cancel();
      await this.authorize(url, challenge);
      res = await this.send(url, accept);
      if (res.status === 401) {
        await res.body?.cancel();
        throw new ImagePullError('unauthorized', `GET ${url}: 401 Unauthorized after authenticating`);
      }
    }
    return res;
  }

  private async send(url: string, accept?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    if (accept !== undefined) headers.accept = accept;
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    try {
      return await this.fetchFn(url, { headers, signal: this.signal, redirect: 'follow' });
    } catch (e: unknown) {
      this.signal.throwIfAborted();
      throw new ImagePullError('failed', `GET ${url}: ${transportMessage(e)}`, { cause: e });
    }
  }

  private basic(): string | undefined {
    if (this.credentials === undefined) return undefined;
    const { username, password } = this.credentials;
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  private async authorize(url: string, header: string): Promise<void> {
    const { scheme, params } = parseChallenge(header);
    if (scheme === 'basic') {
      const basic = this.basic();
      if (basic === undefined) {
        throw new ImagePullError('unauthorized', `GET ${url}: 401 Unauthorized (registry wants credentials)`);
      }
      this.authorization = basic;
      return;
    }
    if (scheme !== 'bearer' || params.get('realm') === undefined) {
      throw new ImagePullError(
        'unauthorized',
        `GET ${url}: 401 Unauthorized (unsupported challenge "${scheme}")`,
      );
    }
    let realm: URL;
    try {
      realm = new URL(params.get('realm')!);
    } catch {
      throw new ImagePullError('unauthorized', `GET ${url}: 401 Unauthorized (invalid token realm)`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw new ImagePullError('unauthorized', `GET ${url}: 401 Unauthorized (invalid token realm)`);
    }
    const service = params.get('service');
    if (service !== undefined) realm.searchParams.set('service', service);
    realm.searchParams.set('scope', params.get('scope') ?? `repository:${this.repository}:pull`);
    const tokenUrl = `${realm.origin}${realm.pathname}`;
    const headers: Record<string, string> = {};
    const basic = this.basic();
    if (basic !== undefined) headers.authorization = basic;
    let res: Response;
    try {
      res = await this.fetchFn(realm, { headers, signal: this.signal });
    } catch (e: unknown) {
      this.signal.throwIfAborted();
      throw new ImagePullError('failed', `getting a token from ${tokenUrl}: ${transportMessage(e)}`, {
        cause: e,
      });
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new ImagePullError(
        'unauthorized',
        `getting a token from ${tokenUrl}: ${res.status} ${res.statusText}`,
      );
    }
    const body = await readBounded(res, MAX_TOKEN_RESPONSE, `token response from ${tokenUrl}`);
    let token: unknown;
    try {
      const doc = JSON.parse(body.toString('utf8')) as { token?: unknown; access_token?: unknown };
      token = doc.token ?? doc.access_token;
    } catch {
      token = undefined;
    }
    if (typeof token !== 'string' || token === '') {
      throw new ImagePullError('unauthorized', `getting a token from ${tokenUrl}: no token in the response`);
    }
    this.authorization = `Bearer ${token}`;
  }
}
