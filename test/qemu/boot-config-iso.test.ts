// The image booted with talos.config=metal-iso and a CD holding the config: an ISO 9660 volume labelled
// metal-iso with config.yaml at its root, as Talos reads it. The node comes up configured without any
// apply, and answers mTLS with the generated talosconfig.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS } from './harness';
import { expectConfiguredWithoutApply, forwardedConfig } from './node-checks';

const HOSTNAME = 'qemu-iso-cp';

describe('metal image, talos.config=metal-iso', () => {
  let dir: string;
  let generated: GeneratedConfig;
  let guest: Guest;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-qemu-iso-'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    const address = await freeLoopback();
    const root = join(dir, 'iso-root');
    await mkdir(root);
    await writeFile(join(root, 'config.yaml'), forwardedConfig(generated.controlPlane, address, HOSTNAME));
    const iso = join(dir, 'config.iso');
    execFileSync('xorriso', ['-as', 'mkisofs', '-V', 'metal-iso', '-o', iso, root], { stdio: 'ignore' });
    guest = await Guest.boot({ address, cdrom: iso, append: 'talos.config=metal-iso' });
  });

  afterAll(async () => {
    await guest?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads config.yaml from the CD labelled metal-iso', async () => {
    const read = await guest.waitFor(/read machine config from volume/, 240_000);
    expect(read.text).toContain('"filesystem":"iso9660"');
    expect(read.text).toContain('"device":"/dev/sr0"');
  });

  it('comes up configured without an apply and answers mTLS', async () => {
    await expectConfiguredWithoutApply(guest, generated.adminTLS, { hostname: HOSTNAME, cluster: 'qemu' });
  });
});
