// Pulling a few files out of an image over the registry HTTP API (no container runtime): how the node
// gets an installer image's kernel and initramfs for an upgrade. The manifest is resolved on the first
// endpoint that has it (mirrors first, then the registry), an index is narrowed to linux/<arch>, and the
// layers are streamed from that same endpoint, checked against their digests and applied in order to a
// staging directory inside `destDir`. Only when every layer has checked out are the wanted files renamed
// into place, so a failed pull leaves `destDir` as it was.
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { Logger } from '../log';
import { apiRoot, registryEndpoints, type RegistryEndpoint } from './endpoints';
import { ImagePullError, isImagePullError } from './errors';
import { parseImageRef, type ImageRef } from './image-ref';
import { LayerStage, extractLayer } from './layer-extract';
import { MANIFEST_ACCEPT, parseManifest, pickPlatform, sha256Digest, type ManifestDoc } from './manifest';
import { RegistrySession, readBounded, type Credentials, type FetchFn } from './registry-http';

export { ImagePullError, isImagePullError } from './errors';
export type { RegistryEndpoint } from './endpoints';

/** Manifests and indexes larger than this are refused. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_INDEX_DEPTH = 3;

export interface PullFilesOptions {
  /** `ghcr.io/siderolabs/installer:v1.13.9`, optionally `@sha256:…`. */
  readonly ref: string;
  /** Paths in the image (`usr/install/amd64/vmlinuz`), each written to `destDir/<same path>`; or a map of image path → path under destDir. */
  readonly wanted: readonly string[] | Readonly<Record<string, string>>;
  readonly destDir: string;
  /** Endpoints to try in order (see registryEndpoints); default: `https://<registry host>`. */
  readonly endpoints?: readonly (string | RegistryEndpoint)[];
  readonly signal: AbortSignal;
  /** Architecture picked from an index; default amd64. */
  readonly arch?: string;
  /** Credentials by endpoint host (`host:port`). */
  readonly credentials?: Readonly<Record<string, Credentials>>;
  readonly fetch?: FetchFn;
  readonly logger?: Pick<Logger, 'info' | 'warn'>;
}

export interface PullFilesResult {
  /** The digest of the image manifest whose layers were used (the platform's, under an index). */
  readonly digest: string;
  /** The digest the reference resolved to (the index's, for a multi-platform image). */
  readonly resolvedDigest: string;
  /** The endpoint that served the image. */
  readonly endpoint: string;
  /** Image path → absolute path of the extracted file. */
  readonly files: Readonly<Record<string, string>>;
}

function safeRelative(p: string, what: string): string {
  const n = posix.normalize(p.replace(/^\/+/, ''));
  if (n === '' || n === '.' || n.startsWith('../') || n === '..' || n.includes('/../')) {
    throw new TypeError(`invalid ${what} path "${p}"`);
  }
  return n.replace(/\/+$/, '');
}

async function fetchManifest(
  session: RegistrySession,
  reference: string,
  expect: { digest: string; size?: number } | undefined,
  where: string,
): Promise<{ doc: ManifestDoc; digest: string }> {
  const res = await session.get(`manifests/${reference}`, MANIFEST_ACCEPT);
  if (res.status === 404) {
    await res.body?.cancel();
    throw new ImagePullError('not-found', `${where}: manifest ${reference} not found`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new ImagePullError(
      'failed',
      `${where}: GET manifest ${reference}: ${res.status} ${res.statusText}`,
    );
  }
  const body = await readBounded(res, MAX_MANIFEST_BYTES, `${where}: manifest ${reference}`);
  const digest = sha256Digest(body);
  const announced = res.headers.get('docker-content-digest');
  const want = expect?.digest ?? (announced?.startsWith('sha256:') === true ? announced : undefined);
  if (want !== undefined && digest !== want) {
    throw new ImagePullError(
      'digest-mismatch',
      `${where}: manifest ${reference} digest mismatch: expected ${want}, got ${digest}`,
    );
  }
  if (expect?.size !== undefined && body.length !== expect.size) {
    throw new ImagePullError(
      'digest-mismatch',
      `${where}: manifest ${reference} is ${body.length} bytes, expected ${expect.size}`,
    );
  }
  return {
    doc: parseManifest(body, res.headers.get('content-type'), `${where}: manifest ${reference}`),
    digest,
  };
}

/** Resolves the reference on one endpoint down to an image manifest. */
async function resolve(
  session: RegistrySession,
  ref: ImageRef,
  arch: string,
  where: string,
): Promise<{ layers: ManifestDoc & { kind: 'manifest' }; digest: string; resolvedDigest: string }> {
  let m = await fetchManifest(
    session,
    ref.reference,
    ref.digest !== undefined ? { digest: ref.digest } : undefined,
    where,
  );
  const resolvedDigest = m.digest;
  for (let depth = 0; m.doc.kind === 'index'; depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new ImagePullError('failed', `${where}: indexes nested too deep`);
    const d = pickPlatform(m.doc.manifests, arch, `${where}: index ${m.digest}`);
    m = await fetchManifest(session, d.digest, { digest: d.digest, size: d.size }, where);
  }
  return { layers: m.doc, digest: m.digest, resolvedDigest };
}

/** Pulls the wanted files of an image into destDir; see the file comment. */
export async function pullFiles(opts: PullFilesOptions): Promise<PullFilesResult> {
  const ref = parseImageRef(opts.ref);
  const arch = opts.arch ?? 'amd64';
  const fetchFn = opts.fetch ?? globalThis.fetch;
  const targets = new Map<string, string>(
    Array.isArray(opts.wanted)
      ? (opts.wanted as readonly string[]).map((p) => [safeRelative(p, 'wanted'), safeRelative(p, 'wanted')])
      : Object.entries(opts.wanted).map(([p, d]) => [
          safeRelative(p, 'wanted'),
          safeRelative(d, 'destination'),
        ]),
  );
  if (targets.size === 0) throw new TypeError('pullFiles: nothing wanted');
  const endpoints = opts.endpoints ?? registryEndpoints(ref.domain);
  if (endpoints.length === 0) throw new TypeError('pullFiles: no endpoints');

  const failures: { where: string; error: ImagePullError }[] = [];
  let found: ({ session: RegistrySession; where: string } & Awaited<ReturnType<typeof resolve>>) | undefined;
  for (const endpoint of endpoints) {
    opts.signal.throwIfAborted();
    const root = apiRoot(endpoint);
    const where = `pulling "${ref.canonical}" from ${root}`;
    const session = new RegistrySession(
      root,
      ref.repository,
      fetchFn,
      opts.signal,
      opts.credentials?.[new URL(root).host],
    );
    try {
      found = { session, where, ...(await resolve(session, ref, arch, where)) };
      break;
    } catch (e: unknown) {
      if (!isImagePullError(e)) throw e;
      opts.logger?.warn({ image: ref.canonical, endpoint: root, error: e.message }, 'image endpoint failed');
      failures.push({ where, error: e });
    }
  }
  if (found === undefined) {
    const allMissing = failures.every((f) => f.error.kind === 'not-found');
    const detail = failures.map((f) => f.error.message).join('; ');
    throw new ImagePullError(
      allMissing ? 'not-found' : failures.length === 1 ? failures[0]!.error.kind : 'failed',
      allMissing
        ? `image "${ref.canonical}" not found: ${detail}`
        : `image "${ref.canonical}" could not be pulled: ${detail}`,
    );
  }

  const { session, where, layers, digest } = found;
  opts.logger?.info({ image: ref.canonical, endpoint: session.root, digest }, 'pulling image files');
  await mkdir(opts.destDir, { recursive: true });
  const staging = await mkdtemp(join(opts.destDir, '.pull-'));
  try {
    const stage = new LayerStage(staging, new Set(targets.keys()));
    for (const [index, layer] of layers.layers.entries()) {
      const res = await session.get(`blobs/${layer.digest}`);
      if (!res.ok || res.body === null) {
        await res.body?.cancel();
        throw new ImagePullError(
          'failed',
          `${where}: GET blob ${layer.digest}: ${res.status} ${res.statusText}`,
        );
      }
      await extractLayer(res.body, layer, index, stage, opts.signal, where);
    }
    for (const path of targets.keys()) {
      const s = stage.files.get(path);
      if (s === undefined)
        throw new ImagePullError('missing-file', `${where}: the image has no file ${path}`);
      if (!('file' in s))
        throw new ImagePullError(
          'missing-file',
          `${where}: ${path} in the image is a ${s.notRegular}, not a regular file`,
        );
    }
    const files: Record<string, string> = {};
    for (const [path, dest] of targets) {
      const s = stage.files.get(path) as { file: string; mode: number };
      const out = join(opts.destDir, dest);
      await mkdir(dirname(out), { recursive: true });
      await chmod(s.file, s.mode & 0o777);
      await rename(s.file, out);
      files[path] = out;
    }
    return { digest, resolvedDigest: found.resolvedDigest, endpoint: session.root, files };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
