// A read-only OCI distribution registry for tests (node:http): serves OCI image layouts — from memory,
// a layout directory or a layout tar such as _out/installer-amd64.tar — at /v2/<name>/manifests/<tag or
// digest> and /v2/<name>/blobs/<digest>. Optionally demands Bearer tokens (the Docker token flow, with
// an anonymous or Basic-authenticated token endpoint), redirects blob downloads elsewhere, and serves
// replacement bytes for a digest (a corrupt mirror). Every request is recorded.
import { randomBytes } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { readTarToMemory } from '../../src/oci/tar-reader';

export interface Layout {
  /** digest → bytes */
  readonly blobs: ReadonlyMap<string, Buffer>;
  /** tag → digest of what it points at (from index.json's org.opencontainers.image.ref.name annotations) */
  readonly tags: ReadonlyMap<string, string>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly accept?: string;
  readonly authorization?: string;
  readonly status: number;
}

export interface TestRegistryOptions {
  /** Loopback address to listen on (default 127.0.0.1); the port is chosen by the system. */
  readonly host?: string;
  /** Repository name → layout (or a path to a layout directory or layout tar). */
  readonly repos: Readonly<Record<string, Layout | string | { blobs: Map<string, Buffer>; index: Buffer }>>;
  /** Require Bearer tokens; with credentials, the token endpoint requires them as Basic auth. */
  readonly token?: boolean | { readonly username: string; readonly password: string };
  /** Answer blob requests with a 307 to an unauthenticated /_blobs/<digest> URL (a CDN, as real registries do). */
  readonly redirectBlobs?: boolean;
}

export interface TestRegistry {
  /** `http://127.0.0.70:41234` */
  readonly url: string;
  /** `127.0.0.70:41234`, for image references. */
  readonly host: string;
  readonly requests: RecordedRequest[];
  readonly tokensIssued: { service: string | null; scope: string | null }[];
  /** Serve these bytes instead of the real ones for a digest (as manifest or blob). */
  replace(digest: string, data: Buffer): void;
  close(): Promise<void>;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

function tagsOf(index: Buffer): Map<string, string> {
  const doc = JSON.parse(index.toString('utf8')) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const tags = new Map<string, string>();
  for (const m of doc.manifests) {
    const name = m.annotations?.['org.opencontainers.image.ref.name'];
    if (name === undefined) continue;
    // Either a bare tag or a full reference: the tag is what follows the last colon after the last slash.
    const colon = name.lastIndexOf(':');
    tags.set(colon > name.lastIndexOf('/') ? name.slice(colon + 1) : name, m.digest);
  }
  return tags;
}

/** A layout from a layout tar (oci-layout, index.json, blobs/sha256/…). */
export async function loadLayoutTar(archive: Buffer): Promise<Layout> {
  const blobs = new Map<string, Buffer>();
  let index: Buffer | undefined;
  for (const { header, data } of await readTarToMemory(archive)) {
    if (header.type !== 'file') continue;
    if (header.name === 'index.json') index = data;
    const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(header.name);
    if (m) blobs.set(`sha256:${m[1]}`, data);
  }
  if (index === undefined) throw new Error('layout tar has no index.json');
  return { blobs, tags: tagsOf(index) };
}

/** A layout from a layout directory. */
export async function loadLayoutDir(dir: string): Promise<Layout> {
  const blobs = new Map<string, Buffer>();
  for (const name of await readdir(join(dir, 'blobs/sha256'))) {
    blobs.set(`sha256:${name}`, await readFile(join(dir, 'blobs/sha256', name)));
  }
  return { blobs, tags: tagsOf(await readFile(join(dir, 'index.json'))) };
}

async function loadLayout(source: TestRegistryOptions['repos'][string]): Promise<Layout> {
  if (typeof source === 'string') {
    return source.endsWith('.tar') ? loadLayoutTar(await readFile(source)) : loadLayoutDir(source);
  }
  if ('index' in source) return { blobs: source.blobs, tags: tagsOf(source.index) };
  return source;
}

function mediaTypeOf(data: Buffer): string | undefined {
  try {
    const doc = JSON.parse(data.toString('utf8')) as { mediaType?: unknown };
    return typeof doc.mediaType === 'string' && MANIFEST_TYPES.includes(doc.mediaType)
      ? doc.mediaType
      : undefined;
  } catch {
    return undefined;
  }
}

export async function startRegistry(opts: TestRegistryOptions): Promise<TestRegistry> {
  const repos = new Map<string, Layout>();
  for (const [name, source] of Object.entries(opts.repos)) repos.set(name, await loadLayout(source));
  const replaced = new Map<string, Buffer>();
  const requests: RecordedRequest[] = [];
  const tokensIssued: TestRegistry['tokensIssued'] = [];
  const tokens = new Set<string>();
  const host = opts.host ?? '127.0.0.1';
  let base = '';

  const error = (res: ServerResponse, status: number, code: string, message: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ errors: [{ code, message }] }));
  };
  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    data: Buffer,
    headers: Record<string, string>,
  ): void => {
    res.writeHead(200, { ...headers, 'content-length': String(data.length) });
    res.end(req.method === 'HEAD' ? undefined : data);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, url: URL): void => {
    if (url.pathname === '/token') {
      if (typeof opts.token === 'object') {
        const want = `Basic ${Buffer.from(`${opts.token.username}:${opts.token.password}`).toString('base64')}`;
        if (req.headers.authorization !== want) return error(res, 401, 'UNAUTHORIZED', 'bad credentials');
      }
      const token = randomBytes(16).toString('hex');
      tokens.add(token);
      tokensIssued.push({ service: url.searchParams.get('service'), scope: url.searchParams.get('scope') });
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ token, expires_in: 300 }));
    }
    const cdn = /^\/_blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname);
    if (cdn) {
      const data =
        replaced.get(cdn[1]!) ?? [...repos.values()].find((l) => l.blobs.has(cdn[1]!))?.blobs.get(cdn[1]!);
      if (data === undefined) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown');
      return send(req, res, data, { 'content-type': 'application/octet-stream' });
    }
    if (!url.pathname.startsWith('/v2/')) return error(res, 404, 'NOT_FOUND', 'not found');
    if (opts.token !== undefined && opts.token !== false) {
      const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
      if (!m || !tokens.has(m[1]!)) {
        const name = /^\/v2\/(.+)\/(?:manifests|blobs)\//.exec(url.pathname)?.[1];
        const scope = name !== undefined ? `,scope="repository:${name}:pull"` : '';
        res.setHeader('www-authenticate', `Bearer realm="${base}/token",service="talos-ts-test"${scope}`);
        return error(res, 401, 'UNAUTHORIZED', 'authentication required');
      }
    }
    if (url.pathname === '/v2/') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{}');
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const layout = m ? repos.get(m[1]!) : undefined;
    if (!m || layout === undefined)
      return error(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
    const [, , kind, reference] = m as unknown as [string, string, string, string];
    if (kind === 'blobs') {
      if (!layout.blobs.has(reference)) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
      if (opts.redirectBlobs === true) {
        res.writeHead(307, { location: `${base}/_blobs/${reference}` });
        return void res.end();
      }
      const data = replaced.get(reference) ?? layout.blobs.get(reference)!;
      return send(req, res, data, {
        'content-type': 'application/octet-stream',
        'docker-content-digest': reference,
      });
    }
    const digest = reference.startsWith('sha256:') ? reference : layout.tags.get(reference);
    const original = digest !== undefined ? layout.blobs.get(digest) : undefined;
    const type = original !== undefined ? mediaTypeOf(original) : undefined;
    if (digest === undefined || original === undefined || type === undefined) {
      return error(res, 404, 'MANIFEST_UNKNOWN', `manifest unknown: ${reference}`);
    }
    const accept = req.headers.accept;
    if (accept !== undefined && !accept.includes(type) && !accept.includes('*/*')) {
      return error(res, 404, 'MANIFEST_UNKNOWN', `manifest of type ${type} not acceptable`);
    }
    const data = replaced.get(digest) ?? original;
    return send(req, res, data, { 'content-type': type, 'docker-content-digest': digest });
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    res.on('finish', () => {
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        ...(req.headers.accept !== undefined ? { accept: req.headers.accept } : {}),
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
        status: res.statusCode,
      });
    });
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return error(res, 405, 'UNSUPPORTED', 'read-only registry');
    handle(req, res, url);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${port}`;
  return {
    url: base,
    host: `${host}:${port}`,
    requests,
    tokensIssued,
    replace: (digest, data) => void replaced.set(digest, data),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
