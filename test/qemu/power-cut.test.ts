// Power cuts during volume work: QEMU is killed (SIGKILL) at random points while the first boot of an
// encrypted install provisions EPHEMERAL (partition, LUKS2 format, keys, XFS), and while a boot syncs
// EPHEMERAL's keys after a rotation was applied (a slot added, then one removed). Each cut disk boots
// again: EPHEMERAL must end mounted, or `failed` with a reason; never locked out while a configured key
// works (`no configured key opens the volume`), STATE always opens with its config, and after a
// rotation /var still holds what it held. A kill drops what the guest had not yet written to its
// virtual disk (its page cache, requests in flight), not what the disk acknowledged. The counts are
// printed (`power-cut …` lines) and kept in <tmpdir>/talos-ts-power-cut.json.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { buildMachineryClient, machinery, type MachineryTarget } from '../harness/machinery-client';
import { luksDump } from './disk-image';
import { encrypted } from './encryption-fixtures';
import { freeLoopback, Guest, GUEST_ADDRESS, INITRD, OUT, requireImage, within } from './harness';
import { requireRoot, requireTools } from '../harness/tools';
import { emptyDisk } from './install-fixtures';
import { forwardedConfig } from './node-checks';

const UUID = '3b6e0f2c-9a41-47d8-8c15-d2a07e5b9f64';
const CUTS = Number(process.env['POWER_CUTS'] ?? 10); // per phase: provisioning, rotation
const NODE_ID = [{ slot: 0, nodeID: {} }];
const ROTATED = { slot: 1, static: { passphrase: 'rotated' } };
const ISO = [
  '-drive',
  `file=${join(OUT, 'metal-amd64.iso')},media=cdrom,if=ide,readonly=on`,
  '-boot',
  'order=d',
];

interface Outcome {
  readonly phase: string;
  readonly cutAfterMs: number;
  readonly result: 'finished' | 'failed';
  readonly reason?: string;
}

const FINISHED = /mounted EPHEMERAL/;
const FAILED = /volume status \{"volume":"EPHEMERAL","phase":"\w+ -> failed".*"error":"([^"]*)"/;

describe('power cuts during provisioning and key rotation (QEMU)', () => {
  let dir: string;
  let address: string;
  let generated: GeneratedConfig;
  let guest: Guest | undefined;
  let admin: MachineryTarget;
  let base: Buffer;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    requireImage(INITRD, join(OUT, 'metal-amd64.iso'));
    requireTools('qemu-system-x86_64', 'losetup', 'cryptsetup');
    requireRoot('reading the LUKS2 headers of the disk image through a loop device');
    buildMachineryClient();
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-power-cut-'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    address = await freeLoopback();
    admin = { endpoint: address, talosconfig: join(dir, 'talosconfig') };
    base = forwardedConfig(generated.controlPlane, address, 'qemu-power-cut', '/dev/vda');
  });

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(join(tmpdir(), 'talos-ts-power-cut-console.log'), guest.console());
  });

  afterAll(async () => {
    await guest?.stop();
    const counts = {
      cuts: outcomes.length,
      finished: outcomes.filter((o) => o.result === 'finished').length,
      failed: outcomes.filter((o) => o.result === 'failed').length,
      reasons: [...new Set(outcomes.flatMap((o) => (o.reason ? [o.reason] : [])))],
      outcomes,
    };
    writeFileSync(join(tmpdir(), 'talos-ts-power-cut.json'), JSON.stringify(counts, null, 2));
    console.log(`power-cut ${JSON.stringify({ ...counts, outcomes: undefined })}`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const copy = (from: string, name: string) => {
    const to = join(dir, name);
    execFileSync('cp', ['--sparse=always', from, to]);
    return to;
  };
  const boot = async (disk: string) => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media: [], smbiosUuid: UUID, memoryMiB: 1536 });
    return guest;
  };
  const gone = () =>
    within(180_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  const up = () => within(600_000, () => machinery(admin, ['version'], 10_000));

  /** Boots a cut disk and classifies what becomes of EPHEMERAL; STATE must open with its config. */
  async function afterCut(disk: string, phase: string, cutAfterMs: number): Promise<Outcome> {
    const g = await boot(disk);
    const line = await g.waitFor(new RegExp(`${FINISHED.source}|${FAILED.source}`), 900_000);
    const text = g.console();
    expect(text, 'STATE opens and the config is read').toMatch(/mounted STATE/);
    expect(text).toMatch(/loaded machine config from the state directory/);
    expect(text, 'never locked out with a working key').not.toMatch(/no configured key opens the volume/);
    const failed = FAILED.exec(line.text);
    const outcome: Outcome = failed
      ? { phase, cutAfterMs, result: 'failed', reason: failed[1] }
      : { phase, cutAfterMs, result: 'finished' };
    outcomes.push(outcome);
    console.log(`power-cut ${JSON.stringify(outcome)}`);
    return outcome;
  }

  /** Boots `from` (a copy), waits for `start`, kills QEMU `delay` ms later, and boots the cut disk. */
  async function cut(from: string, i: number, phase: string, start: RegExp, windowMs: number) {
    const disk = copy(from, `${phase}-${i}.raw`);
    const g = await boot(disk);
    await g.waitFor(start, 600_000);
    const delay = Math.floor(Math.random() * windowMs * 1.2);
    await new Promise((r) => setTimeout(r, delay));
    g.kill();
    await gone();
    const outcome = await afterCut(disk, phase, delay);
    return { disk, outcome };
  }

  let installed = '';
  let provisioned = '';
  let PROVISION_WINDOW = 0;

  it('installs with STATE and EPHEMERAL encrypted, and times the first boot', async () => {
    installed = emptyDisk(join(dir, 'installed.raw'));
    guest = await Guest.boot({ address, disk: installed, media: ISO, smbiosUuid: UUID, memoryMiB: 1536 });
    await within(300_000, () => machinery({ endpoint: address }, ['version-insecure'], 10_000));
    const cfg = join(dir, 'install.yaml');
    writeFileSync(cfg, encrypted(base, { state: NODE_ID, ephemeral: NODE_ID }));
    await machinery({ endpoint: address }, ['apply-insecure', cfg]);
    await guest.waitFor(/installation finished/, 900_000);
    await gone();
    provisioned = copy(installed, 'provisioned.raw');
    const g = await boot(provisioned);
    const start = await g.waitFor(/provisioning partition \{"volume":"EPHEMERAL"/, 600_000);
    const end = await g.waitFor(FINISHED, 600_000);
    PROVISION_WINDOW = end.hostMs - start.hostMs;
    console.log(`power-cut provisioning window ${PROVISION_WINDOW} ms`);
    await up();
  }, 2_400_000);

  it('ends every cut EPHEMERAL provisioning mounted or failed with a reason', async () => {
    for (let i = 0; i < CUTS; i++) {
      await cut(
        installed,
        i,
        'provisioning',
        /provisioning partition \{"volume":"EPHEMERAL"/,
        PROVISION_WINDOW,
      );
    }
  }, 14_400_000);

  it('ends every cut key rotation unlocked by a configured key, with /var kept', async () => {
    // The state the rotation starts from: EPHEMERAL made (above), then each step's config saved on STATE
    // by an apply whose reboot QEMU turns into an exit.
    const g = await boot(provisioned);
    await g.waitFor(FINISHED, 600_000);
    await up();
    const before = await machinery(admin, ['read', '/var/log/containerd.log']);
    const steps = [
      encrypted(base, { state: NODE_ID, ephemeral: [...NODE_ID, ROTATED] }),
      encrypted(base, { state: NODE_ID, ephemeral: [ROTATED] }),
    ];
    let from = provisioned;
    for (const [s, cfg] of steps.entries()) {
      const file = join(dir, `rotate-${s}.yaml`);
      writeFileSync(file, cfg);
      if (s > 0) {
        await boot(from);
        await up();
      }
      await machinery(admin, ['apply', file]);
      await gone();
      const stepBase = copy(from, `rotation-${s}.raw`);
      // Time the key sync of this step on a copy, then cut it at random points.
      const timing = await boot(copy(stepBase, `rotation-${s}-timing.raw`));
      const start = await timing.waitFor(/opened encrypted volume \{"volume":"EPHEMERAL"/, 600_000);
      const end = await timing.waitFor(FINISHED, 600_000);
      const window = end.hostMs - start.hostMs;
      console.log(`power-cut rotation step ${s + 1} window ${window} ms`);
      for (let i = 0; i < CUTS / 2; i++) {
        const { disk, outcome } = await cut(
          stepBase,
          i,
          `rotation-${s + 1}`,
          /opened encrypted volume \{"volume":"EPHEMERAL"/,
          window,
        );
        if (outcome.result !== 'finished') continue;
        await up();
        const log = await machinery(admin, ['read', '/var/log/containerd.log']);
        expect(log.startsWith(before), `rotation ${s + 1} cut ${i}: /var kept`).toBe(true);
        await machinery(admin, ['shutdown']);
        await gone();
        const slots = luksDump(disk, 'EPHEMERAL').keyslots;
        expect(slots, `rotation ${s + 1} cut ${i}`).toEqual(s === 0 ? [0, 1] : [1]);
      }
      from = stepBase;
    }
  }, 14_400_000);
});
