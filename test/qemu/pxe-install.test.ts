// Installing from a PXE boot, as Talos does: there is no ISO to read the kernel and initramfs from, so
// the node pulls `machine.install.image` (an installer image served by a registry on the host's
// loopback, reached from the guest as 10.0.2.2 through `machine.registries.mirrors`). The config comes
// from `talos.config=`; the node installs to the empty disk, and booted from that disk alone it comes
// up configured, judged by the official Go client.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../harness/agent';
import { generateConfig } from '../harness/configured';
import { buildMachineryClient, machinery, type MachineryTarget } from '../harness/machinery-client';
import type { TestRegistry } from '../harness/oci-registry';
import { freeLoopback, Guest, GUEST_ADDRESS, HOST_FROM_GUEST, within } from './harness';
import { emptyDisk, serveInstaller } from './install-fixtures';
import { forwardedConfig } from './node-checks';

const TAG = 'v1.13.9-pxe';

describe('install from a PXE boot (QEMU)', () => {
  let dir: string;
  let disk: string;
  let address: string;
  let server: Server;
  let registry: TestRegistry;
  let guest: Guest | undefined;
  let admin: MachineryTarget;
  let image = '';
  const served: string[] = [];

  beforeAll(async () => {
    buildMachineryClient();
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-pxe-install-'));
    disk = emptyDisk(join(dir, 'disk.raw'));
    const generated = generateConfig(dir, 'pxe-install', GUEST_ADDRESS);
    address = await freeLoopback();
    admin = { endpoint: address, talosconfig: join(dir, 'talosconfig') };
    const installer = await serveInstaller(dir, TAG);
    ({ registry, image } = installer);
    const registryHost = installer.registryHost;
    const docs = parseAllDocuments(
      forwardedConfig(generated.controlPlane, address, 'pxe-installed', '/dev/vda', [
        registryHost,
      ]).toString(),
    );
    for (const doc of docs)
      if (doc.get('version') === 'v1alpha1') doc.setIn(['machine', 'install', 'image'], image);
    const config = docs.map((d) => d.toString()).join('---\n');
    server = createServer((req, res) => {
      served.push(`${req.method} ${req.url}`);
      if (req.url === '/config.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(config);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const tftp = join(dir, 'tftp');
    execFileSync(process.execPath, [join(REPO, 'images/pxe.mjs'), '--dir', tftp,
      '--config-url', `http://${HOST_FROM_GUEST}:${port}/config.yaml`]); // prettier-ignore
    guest = await Guest.boot({
      address,
      disk,
      media: ['-boot', 'n'],
      netdevOptions: `tftp=${tftp},bootfile=ipxe.script`,
      memoryMiB: 1536,
    });
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(join(tmpdir(), 'talos-ts-pxe-install-console.log'), guest.console());
  });

  afterAll(async () => {
    await guest?.stop();
    await registry?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pulls machine.install.image, installs to the disk and powers the VM down to reboot', async () => {
    await guest!.waitFor(/no Talos ISO to install from, pulling the installer image/, 600_000);
    expect(served[0]).toBe('GET /config.yaml');
    await guest!.waitFor(/installer image pulled/, 300_000);
    expect(registry.requests.some((r) => r.path.startsWith('/v2/siderolabs/installer/blobs/'))).toBe(true);
    await guest!.waitFor(/installation finished/, 600_000);
    await within(180_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  }, 1_200_000);

  it('boots from the disk alone and comes up configured', async () => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media: [], memoryMiB: 1536 });
    await within(420_000, () => machinery(admin, ['version'], 10_000));
    expect(await machinery(admin, ['read', '/proc/cmdline'])).toMatch(/BOOT_IMAGE=\/A\/vmlinuz/);
    expect(guest.console()).toMatch(/mounted STATE/);
    expect(guest.console()).not.toMatch(/entering maintenance service/);
  }, 900_000);
});
