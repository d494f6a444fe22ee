// SBOMItems (the Talos release, Node.js, the bundle's packages, the supervised programs present) and
// PlatformMetadatas (the platform, and in a container the node's name and the host's SKU).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PlatformMetadataController } from '../../../../controllers/runtime/platform-metadata';
import { SBOMController, sbomItems } from '../../../../controllers/runtime/sbom';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { PlatformMetadataDefinition } from '../../../../src/resources/runtime/platform-metadata';
import { SBOMItemDefinition } from '../../../../src/resources/runtime/sbom-item';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const tmp = mkdtempSync(join(tmpdir(), 'sbom-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let h: Harness | undefined;
afterEach(() => h?.shutdown());

/** A fake program printing `out` for --version, in a directory of its own. */
function program(dir: string, name: string, out: string): void {
  writeFileSync(join(dir, name), `#!/bin/sh\necho '${out}'\n`);
  chmodSync(join(dir, name), 0o755);
}

describe('SBOM items', () => {
  it('lists the release, Node.js, the bundle and the programs found, with their versions', async () => {
    const bin = mkdtempSync(join(tmp, 'bin-'));
    program(bin, 'containerd', 'containerd github.com/containerd/containerd 1.6.20~ds1 1.6.20~ds1-1');
    program(bin, 'runc', 'runc version 1.1.5+ds1');
    const bundle = join(tmp, 'sbom.json');
    writeFileSync(bundle, JSON.stringify([{ name: 'yaml', version: '2.9.1', license: 'ISC' }]));
    const items = await sbomItems({ talosVersion: 'v1.13.9', bundleSBOM: bundle, path: bin });
    const byName = new Map(items.map((i) => [i.name, i]));
    expect(byName.get('talos')?.version).toBe('v1.13.9');
    expect(byName.get('nodejs')?.version).toBe(process.version);
    expect(byName.get('yaml')).toEqual({ name: 'yaml', version: '2.9.1', license: 'ISC' });
    expect(byName.get('containerd')?.version).toBe('v1.6.20~ds1');
    expect(byName.get('runc')?.version).toBe('v1.1.5+ds1');
    expect(byName.has('etcd')).toBe(false); // not in that PATH
  });

  it('publishes them as SBOMItems by name', async () => {
    h = harness();
    h.runtime.register(
      new SBOMController({ talosVersion: 'v1.13.9', path: mkdtempSync(join(tmp, 'empty-')) }),
    );
    h.start();
    const talos = await waitFor(
      () =>
        h!.state
          .get<{ version: string }>({ namespace: 'runtime', type: SBOMItemDefinition.type, id: 'talos' })
          .catch(() => undefined),
      'talos item',
    );
    expect(talos.spec.version).toBe('v1.13.9');
  });
});

describe('platform metadata', () => {
  it('names the container platform, the node and the SKU', async () => {
    h = harness();
    h.runtime.register(
      new PlatformMetadataController({ platform: 'container', env: { TALOSSKU: '2CPU-4GB' } }),
    );
    h.start();
    await h.state.modify(
      { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' },
      () => ({
        hostname: 'node-1',
        domainname: 'example.org',
      }),
    );
    const md = await waitFor(async () => {
      const r = await h!.state
        .get<{ hostname?: string }>({
          namespace: 'runtime',
          type: PlatformMetadataDefinition.type,
          id: 'platformmetadata',
        })
        .catch(() => undefined);
      return r?.spec.hostname ? r : undefined;
    }, 'metadata');
    expect(md.spec).toEqual({
      platform: 'container',
      hostname: 'node-1.example.org',
      instanceType: '2CPU-4GB',
    });
  });

  it('names the metal platform', async () => {
    h = harness();
    h.runtime.register(new PlatformMetadataController({ platform: 'metal' }));
    h.start();
    const md = await waitFor(
      () =>
        h!.state
          .get({ namespace: 'runtime', type: PlatformMetadataDefinition.type, id: 'platformmetadata' })
          .catch(() => undefined),
      'metadata',
    );
    expect(md.spec).toEqual({ platform: 'metal' });
  });
});
