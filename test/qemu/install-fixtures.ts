// What the install tests set up on the host: an empty disk for the guest, and an installer image of
// this build's own kernel and initramfs served by a registry on the host's loopback, which the guest
// reaches as 10.0.2.2 (QEMU user networking).
import { execFileSync } from 'node:child_process';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../harness/agent';
import { startRegistry, type TestRegistry } from '../harness/oci-registry';
import { HOST_FROM_GUEST, INITRD, KERNEL } from './harness';

/** A sparse raw disk of `bytes` (6 GiB by default) at `path`. */
export function emptyDisk(path: string, bytes = 6 * 1024 ** 3): string {
  writeFileSync(path, '');
  truncateSync(path, bytes);
  return path;
}

export interface ServedInstaller {
  readonly registry: TestRegistry;
  /** `10.0.2.2:<port>`: the registry as the guest names it (for `machine.registries.mirrors`). */
  readonly registryHost: string;
  /** `10.0.2.2:<port>/siderolabs/installer:<tag>`. */
  readonly image: string;
}

/** Builds the installer image into `dir` under `tag` and serves it; close `registry` when done. */
export async function serveInstaller(dir: string, tag: string): Promise<ServedInstaller> {
  execFileSync('node', [join(REPO, 'images/installer.mjs'), '--out', dir, '--tag', tag,
    '--kernel', KERNEL, '--initramfs', INITRD]); // prettier-ignore
  const registry = await startRegistry({
    repos: { 'siderolabs/installer': join(dir, 'installer-amd64.tar') },
  });
  const registryHost = `${HOST_FROM_GUEST}:${registry.host.split(':')[1]}`;
  return { registry, registryHost, image: `${registryHost}/siderolabs/installer:${tag}` };
}
