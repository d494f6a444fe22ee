// Where an install takes its kernel and initramfs from: the ISO the machine booted when there is one,
// else `machine.install.image` pulled from a registry (here on a loopback address, reached through
// `machine.registries.mirrors` over plain HTTP, as a PXE-booted node on a lab network would).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLayout, installerFiles } from '../../images/installer.mjs';
import { MetalInstaller } from '../../src/apps/machined/metal-install';
import { parseMachineConfig, type MachineConfig } from '../../src/config';
import { BootAssetsMissingError, findBootAssets } from '../../src/install/boot-assets';
import { generateConfig } from '../harness/configured';
import { captureLogs } from '../harness/log-capture';
import { startRegistry, type TestRegistry } from '../harness/oci-registry';

const HOST = '127.0.0.72';
const work = mkdtempSync(join(tmpdir(), 'install-image-'));
const kernel = Buffer.from('pulled kernel '.repeat(200));
const initramfs = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7) & 0xff));
let registry: TestRegistry;
let controlPlane: Buffer;

beforeAll(async () => {
  const layout = buildLayout({
    image: 'ghcr.io/siderolabs/installer',
    tag: 'v1.13.9',
    platforms: [{ arch: 'amd64', files: installerFiles('amd64', kernel, initramfs) }],
  });
  registry = await startRegistry({ host: HOST, repos: { 'siderolabs/installer': layout } });
  controlPlane = generateConfig(work, 'pull', '10.5.0.2').controlPlane;
});

afterAll(async () => {
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

/**
 * The generated config with an install image, and the registry as the only (plain-HTTP) endpoint of
 * ghcr.io: skipFallback keeps every request on the loopback address.
 */
function config(image: string | undefined): MachineConfig {
  const docs = parseAllDocuments(controlPlane.toString());
  for (const doc of docs)
    if (doc.get('version') === 'v1alpha1') {
      if (image === undefined) doc.deleteIn(['machine', 'install', 'image']);
      else doc.setIn(['machine', 'install', 'image'], image);
      doc.setIn(['machine', 'registries', 'mirrors', 'ghcr.io'], {
        endpoints: [registry.url],
        skipFallback: true,
      });
    }
  return parseMachineConfig(docs.map((d) => d.toString()).join('---\n'));
}

const noIso: typeof findBootAssets = () => Promise.reject(new BootAssetsMissingError());

function installer(findIso: typeof findBootAssets) {
  const logs = captureLogs();
  return {
    logs,
    installer: new MetalInstaller({
      logger: logs.logger,
      signal: AbortSignal.timeout(30_000),
      installed: false,
      requestReboot: () => undefined,
      workDir: join(work, 'pulls'),
      findIso,
    }),
  };
}

describe('install boot assets', () => {
  it('without an ISO, pulls machine.install.image through the mirror; release removes the files', async () => {
    const { installer: i, logs } = installer(noIso);
    const assets = await i.bootAssets(config('ghcr.io/siderolabs/installer:v1.13.9'));
    expect(readFileSync(assets.kernel)).toEqual(kernel);
    expect(readFileSync(assets.initramfs)).toEqual(initramfs);
    expect(logs.text()).toContain('no Talos ISO to install from, pulling the installer image');
    expect(registry.requests.some((r) => r.path.startsWith('/v2/siderolabs/installer/blobs/'))).toBe(true);
    await assets.release();
    expect(existsSync(assets.kernel)).toBe(false);
  });

  it('takes the ISO when there is one, and pulls nothing', async () => {
    const before = registry.requests.length;
    const iso = {
      kernel: '/iso/boot/vmlinuz',
      initramfs: '/iso/boot/initramfs.xz',
      release: () => Promise.resolve(),
    };
    const { installer: i } = installer(() => Promise.resolve(iso));
    expect(await i.bootAssets(config('ghcr.io/siderolabs/installer:v1.13.9'))).toBe(iso);
    expect(registry.requests.length).toBe(before);
  });

  it('without an ISO or an install image, says what is missing', async () => {
    const { installer: i } = installer(noIso);
    await expect(i.bootAssets(config(undefined))).rejects.toThrow(
      /boot from the ISO .* or set machine.install.image/,
    );
  });

  it('a tag the registry does not have fails the install and leaves no files', async () => {
    const { installer: i } = installer(noIso);
    await expect(i.bootAssets(config('ghcr.io/siderolabs/installer:v0.0.0-missing'))).rejects.toMatchObject({
      name: 'ImagePullError',
      kind: 'not-found',
    });
    const pulls = join(work, 'pulls');
    expect(existsSync(pulls) ? readdirSync(pulls) : []).toEqual([]);
  });
});
