// KMS disk-encryption keys end to end, in a guest: a KMS server of the test listens on the host's
// loopback (the guest reaches it as 10.0.2.2 through QEMU's user network); an install with STATE and
// EPHEMERAL keyed by `kms` seals a random key per volume there and keeps the sealed form in the slot's
// LUKS2 token (read from the disk image with luksDump once the guest is off); the installed node asks
// the KMS to unseal them at every boot, after its network is up; while the KMS refuses, STATE stays
// locked and the console says why; once it answers again the node comes up with its config.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { startTestKms, type TestKmsServer } from '../harness/kms-server';
import { buildMachineryClient, machinery, type MachineryTarget } from '../harness/machinery-client';
import { requireRoot, requireTools } from '../harness/tools';
import { luksDump } from './disk-image';
import { encrypted, volumeStatuses } from './encryption-fixtures';
import {
  freeLoopback,
  Guest,
  GUEST_ADDRESS,
  HOST_FROM_GUEST,
  INITRD,
  OUT,
  requireImage,
  within,
} from './harness';
import { emptyDisk } from './install-fixtures';
import { forwardedConfig } from './node-checks';

const HOSTNAME = 'qemu-kms';
const UUID = '3f6e1c2a-94b7-4d08-a1e5-7c2d9b4f6a18';
const ISO = [
  '-drive',
  `file=${join(OUT, 'metal-amd64.iso')},media=cdrom,if=ide,readonly=on`,
  '-boot',
  'order=d',
];

describe('KMS disk-encryption keys (QEMU)', () => {
  let dir: string;
  let disk: string;
  let address: string;
  let generated: GeneratedConfig;
  let guest: Guest | undefined;
  let kms: TestKmsServer;
  let admin: MachineryTarget;

  beforeAll(async () => {
    requireImage(INITRD, join(OUT, 'metal-amd64.iso'));
    requireTools('qemu-system-x86_64', 'losetup', 'cryptsetup');
    requireRoot('reading the LUKS2 headers of the disk image through a loop device');
    buildMachineryClient();
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-kms-'));
    disk = emptyDisk(join(dir, 'disk.raw'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    address = await freeLoopback();
    admin = { endpoint: address, talosconfig: join(dir, 'talosconfig') };
    kms = await startTestKms();
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(join(tmpdir(), 'talos-ts-kms-console.log'), guest.console());
  });

  afterAll(async () => {
    await guest?.stop();
    await kms?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The endpoint as the guest dials it: the host's loopback port through QEMU's user network. */
  const guestEndpoint = () => `grpc://${HOST_FROM_GUEST}:${new URL(kms.endpoint).port}`;
  const boot = async (media: string[]) => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media, smbiosUuid: UUID, memoryMiB: 1536 });
  };
  const gone = () =>
    within(180_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  const ready = (id: string) =>
    within(600_000, async () => {
      const st = (await volumeStatuses(admin)).get(id);
      if (st?.['phase'] !== 'ready') throw new Error(`${id}: ${JSON.stringify(st)}`);
      return st;
    });
  const tokenType = (label: string) => {
    const tokens = luksDump(disk, label).json['tokens'] as Record<string, { type?: string }>;
    return tokens['0']?.type;
  };

  it('installs with STATE sealed by the KMS, the sealed key in slot 0 token', async () => {
    await boot(ISO);
    const insecure = { endpoint: address };
    await within(300_000, () => machinery(insecure, ['version-insecure'], 10_000));
    const key = [{ slot: 0, kms: { endpoint: guestEndpoint() } }];
    const cfg = encrypted(forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/vda'), {
      state: key,
      ephemeral: key,
    });
    const path = join(dir, 'install.yaml');
    writeFileSync(path, cfg);
    await machinery(insecure, ['apply-insecure', path]);
    await guest!.waitFor(/installation finished/, 900_000);
    await gone();
    expect(kms.calls.seal).toBeGreaterThanOrEqual(1);
    expect(luksDump(disk, 'STATE').keyslots).toEqual([0]);
    expect(tokenType('STATE')).toBe('sideroKMS');
  }, 1_500_000);

  it('unseals both volumes through the KMS at boot', async () => {
    const unseals = kms.calls.unseal;
    await boot([]);
    expect(await ready('STATE')).toMatchObject({ encryptionProvider: 'luks2', encryptionSlot: '0' });
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionProvider: 'luks2', encryptionSlot: '0' });
    expect(kms.calls.unseal).toBeGreaterThan(unseals);
    await machinery(admin, ['shutdown']);
    await gone();
    expect(tokenType('EPHEMERAL')).toBe('sideroKMS');
    expect(luksDump(disk, 'EPHEMERAL').keyslots).toEqual([0]);
  }, 1_500_000);

  it('keeps STATE locked while the KMS refuses, and says why', async () => {
    kms.refuse = true;
    await boot([]);
    await guest!.waitFor(/failed to unseal KMS passphrase/, 600_000);
    expect(guest!.console()).not.toMatch(/formatting and encrypting volume/);
    await guest!.stop();
    kms.refuse = false;
    await boot([]);
    expect(await ready('STATE')).toMatchObject({ encryptionSlot: '0' });
    expect(await machinery(admin, ['get', 'nodenames'])).toContain(HOSTNAME); // the config on STATE is intact
    await machinery(admin, ['shutdown']);
    await gone();
    expect(luksDump(disk, 'STATE').keyslots).toEqual([0]);
  }, 1_500_000);
});
