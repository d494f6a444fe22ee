// Installing to disk on metal, end to end, judged by the official Go client (machinery v1.13.9): the
// ISO boots next to an empty disk, an insecure apply naming a missing disk is refused with Talos's
// words, one naming /dev/vda installs (the kernel and initramfs read from the ISO) and the node powers
// the VM down for its reboot; booted from the disk alone (SeaBIOS → our boot sector → GRUB), it comes
// up configured from STATE and serves mTLS; a Reboot through the API, followed as `talosctl reboot
// --wait` follows it, brings a new boot id; an Upgrade from a registry, followed the same way, boots
// slot B and a Rollback slot A; talosctl 1.13's own upgrade path (ImageService Pull, LifecycleService
// Upgrade, then the reboot followed) boots the other slot; a Reset of STATE and EPHEMERAL brings it back in
// maintenance mode.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS, OUT, within } from './harness';
import type { TestRegistry } from '../harness/oci-registry';
import { emptyDisk, serveInstaller } from './install-fixtures';
import { forwardedConfig } from './node-checks';
import {
  buildMachineryClient,
  machinery,
  MachineryError,
  type MachineryTarget,
} from '../harness/machinery-client';

const HOSTNAME = 'qemu-installed';

/** Every API call of this test goes through the official Go client (test/interop/cmd/machinery-client). */
const answersVersion = (target: MachineryTarget, timeoutMs: number): Promise<string> =>
  within(timeoutMs, () => machinery(target, [target.talosconfig ? 'version' : 'version-insecure'], 10_000));

const refusal = (p: Promise<unknown>): Promise<MachineryError> =>
  p.then(
    () => {
      throw new Error('the call was accepted');
    },
    (e: unknown) => {
      if (e instanceof MachineryError) return e;
      throw e;
    },
  );

describe('metal install to disk (QEMU)', () => {
  let dir: string;
  let disk: string;
  let address: string;
  let generated: GeneratedConfig;
  let guest: Guest | undefined;
  let registry: TestRegistry | undefined;
  let registryHost = '';
  let installerImage = '';
  let insecure: MachineryTarget;
  let admin: MachineryTarget;

  beforeAll(async () => {
    buildMachineryClient();
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-install-'));
    disk = emptyDisk(join(dir, 'disk.raw'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    address = await freeLoopback();
    insecure = { endpoint: address };
    admin = { endpoint: address, talosconfig: join(dir, 'talosconfig') };
    // The installer image an upgrade pulls: this image's own boot assets under a new tag.
    const served = await serveInstaller(dir, 'v1.13.10-test');
    ({ registry, registryHost, image: installerImage } = served);
  });

  afterEach((ctx) => {
    // The whole console of a failed test, one file per test, for diagnosis (the error shows only its tail).
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(
        join(tmpdir(), `talos-ts-install-console-${ctx.task.name.split(' ')[0]!}.log`),
        guest.console(),
      );
  });

  afterAll(async () => {
    await guest?.stop();
    await registry?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const bootId = async () => (await machinery(admin, ['read', '/proc/sys/kernel/random/boot_id'])).trim();
  const cmdline = () => machinery(admin, ['read', '/proc/cmdline']);

  /**
   * The action followed as talosctl --wait follows it (machinery-client `track`), up to stage running
   * and the boot id's change. talosctl itself waits for `ready` as well, which this node cannot reach:
   * a control plane never bootstrapped, without a kubelet image, lacks etcd and the kubelet, as a
   * Talos node in that state would (talosctl keeps waiting until its --timeout). The tracker's last
   * machine status says so; the progress lines are returned.
   */
  const trackedUntilRunning = async (action: string[], timeoutMs: number): Promise<string> => {
    const out = await machinery(admin, ['track', '-until', 'running', ...action], timeoutMs);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^actor ID: [0-9a-f-]{36}$/);
    expect(lines).toContain('unavailable, retrying...');
    expect(lines.slice(-3, -1)).toEqual(['events check condition met', 'post check passed']);
    expect(lines.at(-1)).toMatch(/^final: stage=RUNNING ready=false unmet=.*services: .*kubelet not running/);
    return out;
  };

  it('installs from maintenance mode and powers the VM down to reboot', async () => {
    // The ISO as a CD next to the empty disk, booted by SeaBIOS: the installer reads the kernel and
    // initramfs from the ISO.
    const media = [
      '-drive',
      `file=${join(OUT, 'metal-amd64.iso')},media=cdrom,if=ide,readonly=on`,
      '-boot',
      'order=d',
    ];
    guest = await Guest.boot({ address, disk, media, memoryMiB: 1536 });
    await answersVersion(insecure, 240_000);
    // As `talosctl apply-config --insecure --file …`.
    const wrong = join(dir, 'wrong-disk.yaml');
    writeFileSync(wrong, forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/sda'));
    const err = await refusal(machinery(insecure, ['apply-insecure', wrong]));
    expect(err.code).toBe('InvalidArgument');
    expect(err.message).toContain('specified install disk does not exist: "/dev/sda"');
    const config = join(dir, 'install.yaml');
    writeFileSync(
      config,
      forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/vda', [registryHost]),
    );
    await machinery(insecure, ['apply-insecure', config]);
    await guest.waitFor(/installation finished/, 600_000);
    await guest.waitFor(/rebooting/, 120_000);
    await within(120_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  }, 900_000);

  it('boots from the disk alone, configured from STATE, and reboots through the API', async () => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media: [], allowReboot: true, memoryMiB: 1536 });
    // mTLS with the generated talosconfig's admin certificate.
    expect(await answersVersion(admin, 420_000)).toMatch(/^tag=v/);
    const first = await bootId();
    expect(guest.console()).toMatch(/mounted STATE/);
    expect(guest.console()).not.toMatch(/entering maintenance service/);
    // As `talosctl reboot --wait`: followed through the events until the node is back and running
    // with a new boot id (see trackedUntilRunning).
    const progress = await trackedUntilRunning(['reboot'], 1_200_000);
    expect(progress).toContain('sequence: reboot action: START');
    expect(guest.console()).toMatch(/rebooting/);
    const second = await bootId();
    expect(second).not.toBe(first);
    expect(second).toMatch(/^[0-9a-f-]{36}$/);
  }, 1_200_000);

  it('upgrades into boot slot B, comes up from it, rolls back to A, and upgrades staged', async () => {
    await answersVersion(admin, 120_000);
    expect(await cmdline()).toMatch(/BOOT_IMAGE=\/A\/vmlinuz/);
    const before = guest!.lines.length;
    const bad = await refusal(
      machinery(admin, ['upgrade', `${registryHost}/siderolabs/installer:no-such-tag`]),
    );
    expect(bad.message).toContain('error validating installer image');
    // As `talosctl upgrade --image … --wait`: the answer comes once the image is pulled, then the
    // upgrade sequence under its actor id, the node going away, and back running with a new boot id.
    const progress = await trackedUntilRunning(['upgrade', installerImage], 1_500_000);
    expect(progress).toMatch(/sequence: upgrade action: START[\s\S]*task: upgrade action: START/);
    await guest!.waitFor(/upgrade written to the boot slot, rebooting/, 10_000);
    expect(await cmdline()).toMatch(/BOOT_IMAGE=\/B\/vmlinuz/);
    const after = guest!.lines
      .slice(before)
      .map((l) => l.text)
      .join('\n');
    expect(after).toMatch(/\*B - Talos v1\.13\.10-test/); // GRUB's menu, B selected
    await guest!.waitFor(/removing fallback entry/, 120_000);
    await machinery(admin, ['rollback']);
    await guest!.waitFor(/rolled back the boot slot/, 60_000);
    await new Promise((r) => setTimeout(r, 5_000));
    await answersVersion(admin, 420_000);
    expect(await cmdline()).toMatch(/BOOT_IMAGE=\/A\/vmlinuz/);
    // As `talosctl upgrade --stage`: the slot not in use is written, and the reboot applies it.
    expect(await machinery(admin, ['upgrade-stage', installerImage], 600_000)).toContain(
      'ack=Upgrade request received',
    );
    await guest!.waitFor(/staged upgrade written to the boot slot, applied by the reboot/, 300_000);
    await new Promise((r) => setTimeout(r, 5_000));
    await answersVersion(admin, 420_000);
    expect(await cmdline()).toMatch(/BOOT_IMAGE=\/B\/vmlinuz/);
  }, 2_100_000);

  it('upgrades as talosctl 1.13 does by default: the image pulled, LifecycleService Upgrade, the reboot followed', async () => {
    await answersVersion(admin, 120_000);
    const slot = /BOOT_IMAGE=\/([AB])\/vmlinuz/.exec(await cmdline())?.[1];
    expect(slot).toBeDefined();
    const other = slot === 'A' ? 'B' : 'A';
    // `talosctl upgrade --image …`: ImageService Pull, then the LifecycleService Upgrade stream (the slot
    // not in use written, no reboot), then `reboot --wait` (talosctl's rebootInternal).
    const out = await machinery(admin, ['upgrade-lifecycle', installerImage], 600_000);
    expect(out).toContain(`pulled image ${installerImage.replace(/:[^:/]+$/, '')}@sha256:`);
    expect(out).toContain(
      `message: upgrade written to boot slot ${other} (v1.13.10-test), ${slot!} kept as the fallback`,
    );
    expect(out.trim().split('\n').at(-1)).toBe('exit code: 0');
    // not rebooted by the upgrade itself: still on the old slot until the reboot asked for next
    expect(await cmdline()).toContain(`BOOT_IMAGE=/${slot!}/vmlinuz`);
    const progress = await trackedUntilRunning(['reboot'], 1_200_000);
    expect(progress).toContain('sequence: reboot action: START');
    expect(await cmdline()).toContain(`BOOT_IMAGE=/${other}/vmlinuz`);
    await guest!.waitFor(/removing fallback entry/, 120_000);
  }, 1_500_000);

  it('resets STATE and EPHEMERAL through the API and comes back in maintenance mode', async () => {
    await answersVersion(admin, 120_000);
    const before = guest!.lines.length;
    const bad = await refusal(machinery(admin, ['reset', 'NOPE']));
    expect(bad.code).toBe('InvalidArgument');
    // As `talosctl reset --system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL`.
    await machinery(admin, ['reset', 'STATE', 'EPHEMERAL']);
    await guest!.waitFor(/reset: wipes done/, 180_000);
    await guest!.waitFor(/formatting wiped STATE/, 420_000);
    await guest!.waitFor(/entering maintenance service/, 240_000);
    const after = guest!.lines.slice(before).map((l) => l.text);
    expect(after.filter((l) => /wiping \{"label":"(STATE|EPHEMERAL)"/.test(l))).toHaveLength(2);
    await answersVersion(insecure, 240_000);
    // The old configuration's certificates are gone with STATE: mTLS as admin no longer works.
    await refusal(machinery(admin, ['version'], 10_000));
  }, 1_200_000);
});
