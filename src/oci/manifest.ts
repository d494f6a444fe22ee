// Image manifests and indexes (OCI and Docker v2 schema 2): the documents a pull walks from a tag to the
// layers. Only what a pull needs is read: descriptors, platforms, layer media types.
import { createHash } from 'node:crypto';
import { ImagePullError } from './errors';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
} as const;

/** The Accept header of a manifest request. */
export const MANIFEST_ACCEPT = [
  MEDIA.ociIndex,
  MEDIA.ociManifest,
  MEDIA.dockerList,
  MEDIA.dockerManifest,
].join(', ');

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { readonly os?: string; readonly architecture?: string; readonly variant?: string };
}

export type ManifestDoc =
  | { readonly kind: 'index'; readonly manifests: readonly Descriptor[] }
  | { readonly kind: 'manifest'; readonly layers: readonly Descriptor[] };

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export const sha256Digest = (data: Buffer): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

function descriptor(raw: unknown, where: string): Descriptor {
  const d = raw as Partial<Record<keyof Descriptor, unknown>> | null;
  if (d === null || typeof d !== 'object' || typeof d.digest !== 'string' || typeof d.size !== 'number') {
    throw new ImagePullError('failed', `${where}: malformed descriptor`);
  }
  if (!SHA256_DIGEST.test(d.digest)) {
    throw new ImagePullError('unsupported', `${where}: unsupported digest "${d.digest}" (only sha256)`);
  }
  if (!Number.isSafeInteger(d.size) || d.size < 0)
    throw new ImagePullError('failed', `${where}: bad descriptor size`);
  const platform = d.platform as Descriptor['platform'] | undefined;
  return {
    mediaType: typeof d.mediaType === 'string' ? d.mediaType : '',
    digest: d.digest,
    size: d.size,
    ...(platform !== undefined && typeof platform === 'object' ? { platform } : {}),
  };
}

/** Parses a manifest or index, telling which from the Content-Type, the document's mediaType or its shape. */
export function parseManifest(body: Buffer, contentType: string | null, where: string): ManifestDoc {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new ImagePullError('failed', `${where}: manifest is not JSON`);
  }
  if (doc === null || typeof doc !== 'object')
    throw new ImagePullError('failed', `${where}: manifest is not an object`);
  if (doc.schemaVersion === 1) {
    throw new ImagePullError('unsupported', `${where}: Docker schema 1 manifests are not supported`);
  }
  const header = (contentType ?? '').split(';')[0]!.trim();
  const known = (t: string): boolean => (Object.values(MEDIA) as string[]).includes(t);
  const type = known(header) ? header : typeof doc.mediaType === 'string' ? doc.mediaType : '';
  const isIndex =
    type === MEDIA.ociIndex || type === MEDIA.dockerList || (type === '' && Array.isArray(doc.manifests));
  const isManifest =
    type === MEDIA.ociManifest || type === MEDIA.dockerManifest || (type === '' && Array.isArray(doc.layers));
  if (isIndex) {
    if (!Array.isArray(doc.manifests))
      throw new ImagePullError('failed', `${where}: index without manifests`);
    return { kind: 'index', manifests: doc.manifests.map((m) => descriptor(m, where)) };
  }
  if (isManifest) {
    if (!Array.isArray(doc.layers)) throw new ImagePullError('failed', `${where}: manifest without layers`);
    return { kind: 'manifest', layers: doc.layers.map((l) => descriptor(l, where)) };
  }
  throw new ImagePullError('unsupported', `${where}: unsupported manifest type "${type}"`);
}

/** The index entry for linux/<arch> (arm64 matches variant v8 or none). */
export function pickPlatform(manifests: readonly Descriptor[], arch: string, where: string): Descriptor {
  const match = manifests.find(
    (m) =>
      m.platform?.os === 'linux' &&
      m.platform.architecture === arch &&
      (arch !== 'arm64' || m.platform.variant === undefined || m.platform.variant === 'v8'),
  );
  if (match) return match;
  const found = manifests.map((m) =>
    m.platform ? `${m.platform.os ?? '?'}/${m.platform.architecture ?? '?'}` : 'unknown platform',
  );
  throw new ImagePullError(
    'not-found',
    `${where}: no linux/${arch} image in the index (it has ${found.length > 0 ? found.join(', ') : 'nothing'})`,
  );
}
