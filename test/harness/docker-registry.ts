// Debian's docker-registry for tests (images/k8s/registry.mjs): started on a loopback address with its
// storage in a temporary directory, and OCI archives pushed into it over the registry API.
import { existsSync } from 'node:fs';
import { pushImage, startRegistry, type RunningRegistry } from '../../images/k8s/registry.mjs';
import { loadLayoutTar } from './oci-registry';

export const DOCKER_REGISTRY = '/usr/bin/docker-registry';

/** Fails, naming the package, when the registry is not installed. */
export function requireDockerRegistry(): void {
  if (!existsSync(DOCKER_REGISTRY))
    throw new Error(`${DOCKER_REGISTRY} is missing: apt-get install docker-registry (.ci/run installs it)`);
}

export function startDockerRegistry(dir: string, addr: string): Promise<RunningRegistry> {
  requireDockerRegistry();
  return startRegistry({ dir, addr, binary: DOCKER_REGISTRY });
}

/** Pushes the image of an OCI archive (one manifest) to `<registry>/<repo>:<tag>`. */
export async function pushArchive(
  registry: RunningRegistry,
  repo: string,
  tag: string,
  archive: Buffer,
  manifestDigest: string,
): Promise<void> {
  const layout = await loadLayoutTar(archive);
  const manifest = layout.blobs.get(manifestDigest);
  if (!manifest) throw new Error(`archive has no manifest ${manifestDigest}`);
  const m = JSON.parse(manifest.toString('utf8')) as {
    mediaType: string;
    config: { digest: string };
    layers: { digest: string }[];
  };
  const blobs = new Map<string, Buffer>();
  for (const d of [m.config.digest, ...m.layers.map((l) => l.digest)]) blobs.set(d, layout.blobs.get(d)!);
  await pushImage(registry.url, repo, tag, { blobs, manifest, mediaType: m.mediaType });
}
