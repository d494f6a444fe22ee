// The installer image as a source of boot assets: Talos's installer images carry the kernel and
// initramfs at usr/install/<arch>/. An upgrade pulls them from the image it is given; an install pulls
// them from `machine.install.image` when the machine did not boot from the ISO (PXE), which has no
// medium to read them from. `machine.registries.mirrors` says where each registry is reached.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineConfig } from '../config';
import type { Logger } from '../log';
import { registryEndpoints, type RegistryMirror } from '../oci/endpoints';
import { parseImageRef } from '../oci/image-ref';
import { pullFiles } from '../oci/registry-client';
import type { BootAssets } from './boot-assets';

const ASSETS = { 'usr/install/amd64/vmlinuz': 'vmlinuz', 'usr/install/amd64/initramfs.xz': 'initramfs.xz' };

/** `machine.registries.mirrors` as the puller takes it. */
export function registryMirrors(cfg: MachineConfig | undefined): Record<string, RegistryMirror> {
  const raw = (cfg?.v1alpha1()?.machine?.registries?.mirrors ?? {}) as Record<string, unknown>;
  const out: Record<string, RegistryMirror> = {};
  for (const [host, m] of Object.entries(raw)) {
    const mirror = (m ?? {}) as { endpoints?: unknown; skipFallback?: unknown; overridePath?: unknown };
    const endpoints = Array.isArray(mirror.endpoints)
      ? mirror.endpoints.filter((e) => typeof e === 'string')
      : [];
    out[host] = {
      endpoints: endpoints.map((url: string) => ({ url, overridePath: mirror.overridePath === true })),
      skipFallback: mirror.skipFallback === true,
    };
  }
  return out;
}

export interface PulledBootAssets extends BootAssets {
  /** The manifest digest pulled. */
  readonly digest: string;
}

/**
 * Pulls `image`'s kernel and initramfs into a new directory under `workDir`; `release` removes it.
 * Nothing is left behind when the pull fails.
 */
export async function pullInstallerAssets(o: {
  readonly image: string;
  readonly mirrors: Readonly<Record<string, RegistryMirror>>;
  readonly workDir: string;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}): Promise<PulledBootAssets> {
  await mkdir(o.workDir, { recursive: true });
  const dir = await mkdtemp(join(o.workDir, 'installer-'));
  const release = () => rm(dir, { recursive: true, force: true });
  try {
    const pulled = await pullFiles({
      ref: o.image,
      wanted: ASSETS,
      destDir: dir,
      endpoints: registryEndpoints(parseImageRef(o.image).domain, o.mirrors),
      signal: o.signal,
      logger: o.logger,
    });
    o.logger.info(
      { image: o.image, digest: pulled.digest, endpoint: pulled.endpoint },
      'installer image pulled',
    );
    return {
      kernel: join(dir, 'vmlinuz'),
      initramfs: join(dir, 'initramfs.xz'),
      digest: pulled.digest,
      release,
    };
  } catch (e: unknown) {
    await release();
    throw e;
  }
}
