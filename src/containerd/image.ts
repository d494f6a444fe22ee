// What a container needs of an image present in containerd: its manifest for this platform (through an
// index if it is one), its config (environment, entrypoint, working directory) and the chain id of its
// layers — the name of the committed snapshot its rootfs is prepared on.
import { createHash } from 'node:crypto';
import type { CallOptions, ContainerdClient, ImageRecord } from './client';

export interface ImageConfig {
  readonly Env?: string[];
  readonly Entrypoint?: string[];
  readonly Cmd?: string[];
  readonly WorkingDir?: string;
  readonly User?: string;
}

export interface ResolvedImage {
  /** The name it is stored under. */
  readonly name: string;
  /** The digest of the image's target (manifest or index). */
  readonly digest: string;
  readonly config: ImageConfig;
  /** The uncompressed layer digests, bottom first. */
  readonly diffIds: readonly string[];
  /** The identity of the layer stack: the unpacked rootfs snapshot's name. */
  readonly chainId: string;
}

interface Descriptor {
  mediaType?: string;
  digest: string;
  platform?: { os?: string; architecture?: string; variant?: string };
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** Node's process.arch as an OCI architecture. */
export const ociArch = (arch: string = process.arch): string =>
  ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le' })[arch] ?? arch;

/** The OCI chain id of a layer stack: the first diff id, then sha256("<parent chain> <diff id>") upward. */
export function chainId(diffIds: readonly string[]): string {
  if (diffIds.length === 0) throw new RangeError('an image without layers has no chain id');
  let chain = diffIds[0]!;
  for (const diff of diffIds.slice(1))
    chain = `sha256:${createHash('sha256').update(`${chain} ${diff}`).digest('hex')}`;
  return chain;
}

/** The manifest of an index matching linux/<arch> (the first one for this OS if none matches exactly). */
export function pickManifest<D extends Descriptor>(manifests: readonly D[], arch = ociArch()): D | undefined {
  const linux = manifests.filter((m) => (m.platform?.os ?? 'linux') === 'linux');
  return linux.find((m) => (m.platform?.architecture ?? arch) === arch);
}

async function readJSON<T>(client: ContainerdClient, digest: string, opts: CallOptions): Promise<T> {
  return JSON.parse((await client.readContent(digest, opts)).toString('utf8')) as T;
}

/** Looks the image up (NOT_FOUND when absent) and reads its manifest and config from the content store. */
export async function resolveImage(
  client: ContainerdClient,
  ref: string,
  opts: CallOptions = {},
): Promise<ResolvedImage> {
  const image: ImageRecord = await client.getImage(ref, opts);
  if (!image.target) throw new Error(`image ${JSON.stringify(ref)} has no target`);
  let desc: Descriptor = { mediaType: image.target.media_type, digest: image.target.digest };
  for (let depth = 0; INDEX_TYPES.has(desc.mediaType ?? ''); depth++) {
    if (depth > 3) throw new Error(`image ${JSON.stringify(ref)}: nested indexes`);
    const index = await readJSON<{ manifests?: Descriptor[] }>(client, desc.digest, opts);
    const picked = pickManifest(index.manifests ?? []);
    if (!picked) throw new Error(`image ${JSON.stringify(ref)}: no manifest for linux/${ociArch()}`);
    desc = picked;
  }
  const manifest = await readJSON<{ config?: Descriptor }>(client, desc.digest, opts);
  if (!manifest.config) throw new Error(`image ${JSON.stringify(ref)}: manifest without config`);
  const config = await readJSON<{ config?: ImageConfig; rootfs?: { diff_ids?: string[] } }>(
    client,
    manifest.config.digest,
    opts,
  );
  const diffIds = config.rootfs?.diff_ids ?? [];
  return {
    name: image.name,
    digest: image.target.digest,
    config: config.config ?? {},
    diffIds,
    chainId: chainId(diffIds),
  };
}
