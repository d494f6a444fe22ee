// Disk encryption end to end, in a guest (the only place LUKS2 volumes can be opened here), every call
// through the official Go client: configs the node must refuse are refused before the disk is touched;
// an install with STATE and EPHEMERAL encrypted by nodeID leaves LUKS2 headers with slot 0 (read from
// the disk image with cryptsetup luksDump once the guest is off); the installed node unlocks both and
// comes up with its config, again after a reboot; EPHEMERAL's key is rotated by two applies (the new
// slot added, then the old one removed) and /var keeps its data; a reset of EPHEMERAL brings it back
// encrypted and empty.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { buildMachineryClient, machinery, type MachineryTarget } from '../harness/machinery-client';
import { headIsZero, luksDump } from './disk-image';
import { encrypted, refusal, volumeStatuses } from './encryption-fixtures';
import { freeLoopback, Guest, GUEST_ADDRESS, INITRD, OUT, requireImage, within } from './harness';
import { requireRoot, requireTools } from '../harness/tools';
import { emptyDisk } from './install-fixtures';
import { forwardedConfig } from './node-checks';

const HOSTNAME = 'qemu-encrypted';
const UUID = '8d2f4b1a-63c9-4e7d-b05a-1f9e2c7d4a36';
const NODE_ID = [{ slot: 0, nodeID: {} }];
const ISO = [
  '-drive',
  `file=${join(OUT, 'metal-amd64.iso')},media=cdrom,if=ide,readonly=on`,
  '-boot',
  'order=d',
];

describe('disk encryption (QEMU)', () => {
  let dir: string;
  let disk: string;
  let address: string;
  let generated: GeneratedConfig;
  let guest: Guest | undefined;
  let insecure: MachineryTarget;
  let admin: MachineryTarget;
  let base: Buffer;
  /** /var/log/containerd.log as the last boot left it (kept on EPHEMERAL). */
  let varLog = '';

  beforeAll(async () => {
    requireImage(INITRD, join(OUT, 'metal-amd64.iso'));
    requireTools('qemu-system-x86_64', 'losetup', 'cryptsetup');
    requireRoot('reading the LUKS2 headers of the disk image through a loop device');
    buildMachineryClient();
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-encryption-'));
    disk = emptyDisk(join(dir, 'disk.raw'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    address = await freeLoopback();
    insecure = { endpoint: address };
    admin = { endpoint: address, talosconfig: join(dir, 'talosconfig') };
    base = forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/vda');
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(join(tmpdir(), 'talos-ts-encryption-console.log'), guest.console());
  });

  afterAll(async () => {
    await guest?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const file = (name: string, data: Buffer): string => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const up = (target: MachineryTarget, ms: number) =>
    within(ms, () => machinery(target, [target.talosconfig ? 'version' : 'version-insecure'], 10_000));
  /** Boots from the disk alone; QEMU exits when the guest reboots or powers off. */
  const bootFromDisk = async () => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media: [], smbiosUuid: UUID, memoryMiB: 1536 });
    await up(admin, 600_000);
  };
  const gone = () =>
    within(180_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  const ready = async (id: string) =>
    within(300_000, async () => {
      const st = (await volumeStatuses(admin)).get(id);
      if (st?.['phase'] !== 'ready') throw new Error(`${id}: ${JSON.stringify(st)}`);
      return st;
    });

  it('refuses bad encryption settings before anything is written, then installs encrypted', async () => {
    guest = await Guest.boot({ address, disk, media: ISO, smbiosUuid: UUID, memoryMiB: 1536 });
    await up(insecure, 300_000);
    const bad: [string, Buffer, RegExp][] = [
      [
        'missing disk',
        forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/sdz'),
        /install disk does not exist/,
      ],
      [
        'static STATE key',
        encrypted(base, { state: [{ slot: 0, static: { passphrase: 'in-clear' } }] }),
        /a static key cannot encrypt STATE/,
      ],
      [
        'duplicate slots',
        encrypted(base, {
          ephemeral: [
            { slot: 1, nodeID: {} },
            { slot: 1, static: { passphrase: 'x' } },
          ],
        }),
        /encryption key slot is already in use/,
      ],
      ['unknown key kind', encrypted(base, { ephemeral: [{ slot: 0, magic: {} }] }), /unknown field "magic"/],
      ['TPM key', encrypted(base, { ephemeral: [{ slot: 0, tpm: {} }] }), /tpm \(slot 0\) is not supported/],
    ];
    for (const [what, cfg, why] of bad) {
      const err = await refusal(machinery(insecure, ['apply-insecure', file('bad.yaml', cfg)]));
      expect(err.code, what).toBe('InvalidArgument');
      expect(err.message, what).toMatch(why);
      expect(err.message, what).not.toContain('in-clear');
    }
    expect(headIsZero(disk), 'nothing written to the disk').toBe(true);
    expect(guest.console()).not.toMatch(/installing Talos to disk/);
    // STATE and EPHEMERAL by nodeID: the install makes STATE (encrypted) with the config on it.
    const cfg = encrypted(base, { state: NODE_ID, ephemeral: NODE_ID });
    await machinery(insecure, ['apply-insecure', file('install.yaml', cfg)]);
    await guest.waitFor(/installation finished/, 900_000);
    await gone();
    expect(guest.console()).toMatch(/formatting and encrypting volume \{"volume":"STATE","slot":0/);
    expect(luksDump(disk, 'STATE').keyslots).toEqual([0]);
  }, 1_500_000);

  it('unlocks STATE and EPHEMERAL at boot, with the config intact, and again after a reboot', async () => {
    await bootFromDisk();
    const state = await ready('STATE');
    expect(state).toMatchObject({ encryptionProvider: 'luks2', encryptionSlot: '0', filesystem: 'xfs' });
    const eph = await ready('EPHEMERAL');
    expect(eph).toMatchObject({
      encryptionProvider: 'luks2',
      encryptionSlot: '0',
      mountLocation: '/dev/mapper/luks2-EPHEMERAL',
    });
    expect(guest!.console()).toMatch(/formatting and encrypting volume \{"volume":"EPHEMERAL","slot":0/);
    expect(guest!.console()).not.toMatch(/entering maintenance service/);
    const systemDisks = await machinery(admin, ['get', 'systemdisks']);
    expect(systemDisks).toMatch(/diskID: vda/);
    // Reboot: both unlock again from the headers written above.
    await machinery(admin, ['shutdown']);
    await gone();
    const headers = { state: luksDump(disk, 'STATE'), ephemeral: luksDump(disk, 'EPHEMERAL') };
    expect(headers.state.keyslots).toEqual([0]);
    expect(headers.ephemeral.keyslots).toEqual([0]);
    await bootFromDisk();
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionSlot: '0' });
    expect(guest!.console()).not.toMatch(/formatting and encrypting volume/);
    varLog = await machinery(admin, ['read', '/var/log/containerd.log']);
    expect(varLog.length).toBeGreaterThan(0);
  }, 1_500_000);

  it("rotates EPHEMERAL's key with two applies, keeping /var", async () => {
    // First apply: the new key beside the old one (the change needs a reboot, as on Talos).
    const both = encrypted(base, {
      state: NODE_ID,
      ephemeral: [...NODE_ID, { slot: 1, static: { passphrase: 'rotated' } }],
    });
    expect(await machinery(admin, ['apply', file('rotate-1.yaml', both)])).toMatch(/mode=REBOOT/);
    await gone();
    // The keys follow the config when EPHEMERAL is opened: slot 1 is added with slot 0's key.
    await bootFromDisk();
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionSlot: '0' });
    expect(guest!.console()).toMatch(/added encryption key \{"volume":"EPHEMERAL","slot":1/);
    // Second apply: only the new key; it opens EPHEMERAL and slot 0 goes.
    const next = encrypted(base, {
      state: NODE_ID,
      ephemeral: [{ slot: 1, static: { passphrase: 'rotated' } }],
    });
    expect(await machinery(admin, ['apply', file('rotate-2.yaml', next)])).toMatch(/mode=REBOOT/);
    await gone();
    await bootFromDisk();
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionSlot: '1' });
    expect(guest!.console()).toMatch(/removed encryption key \{"volume":"EPHEMERAL","slot":0\}/);
    const log = await machinery(admin, ['read', '/var/log/containerd.log']);
    expect(log.startsWith(varLog), '/var kept what it held').toBe(true);
    varLog = log;
    await machinery(admin, ['shutdown']);
    await gone();
    expect(luksDump(disk, 'EPHEMERAL').keyslots).toEqual([1]);
    expect(luksDump(disk, 'STATE').keyslots).toEqual([0]);
  }, 2_400_000);

  it('brings EPHEMERAL back encrypted and empty after a reset of it', async () => {
    await bootFromDisk();
    await ready('EPHEMERAL');
    await machinery(admin, ['reset', 'EPHEMERAL']);
    await guest!.waitFor(/reset: wipes done/, 300_000);
    await gone();
    await bootFromDisk();
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionProvider: 'luks2', encryptionSlot: '1' });
    expect(guest!.console()).toMatch(/formatting and encrypting volume \{"volume":"EPHEMERAL","slot":1/);
    const log = await machinery(admin, ['read', '/var/log/containerd.log']);
    expect(log.includes(varLog.slice(0, 200)), 'the old /var is gone').toBe(false);
    await machinery(admin, ['shutdown']);
    await gone();
    expect(luksDump(disk, 'EPHEMERAL').keyslots).toEqual([1]);
  }, 1_800_000);

  it('turns an unencrypted EPHEMERAL into an encrypted one by a staged apply and a reset of it', async () => {
    // The Disk Encryption guide's way: stage the config, then wipe EPHEMERAL; it comes back as staged.
    await bootFromDisk();
    const plain = encrypted(base, { state: NODE_ID });
    expect(await machinery(admin, ['apply', file('plain.yaml', plain), 'staged'])).toMatch(/mode=STAGED/);
    await machinery(admin, ['reset', 'EPHEMERAL']);
    await gone();
    await bootFromDisk();
    const plainStatus = await ready('EPHEMERAL');
    // Not encrypted: Talos's YAML leaves encryptionProvider out (none is its zero value).
    expect(plainStatus).toMatchObject({ filesystem: 'xfs', mountLocation: '/dev/vda6' });
    expect(plainStatus['encryptionProvider'] ?? 'none').toBe('none');
    const enc = encrypted(base, { state: NODE_ID, ephemeral: NODE_ID });
    expect(await machinery(admin, ['apply', file('enc.yaml', enc), 'staged'])).toMatch(/mode=STAGED/);
    await machinery(admin, ['reset', 'EPHEMERAL']);
    await gone();
    await bootFromDisk();
    expect(await ready('EPHEMERAL')).toMatchObject({ encryptionProvider: 'luks2', encryptionSlot: '0' });
    await machinery(admin, ['shutdown']);
    await gone();
    expect(luksDump(disk, 'EPHEMERAL').keyslots).toEqual([0]);
    expect(luksDump(disk, 'STATE').keyslots).toEqual([0]);
  }, 2_400_000);
});
