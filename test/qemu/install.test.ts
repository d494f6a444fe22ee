// Installing to disk on metal, end to end: the ISO boots next to an empty disk, a config naming a
// missing disk is refused with Talos's words, a config naming /dev/vda installs (the kernel and
// initramfs read from the ISO) and the node powers the VM down for its reboot; booted from the disk
// alone (SeaBIOS → our boot sector → GRUB), it comes up configured from STATE and serves mTLS; a Reboot
// through the API brings a new boot id; an Upgrade from a registry boots slot B and a Rollback slot A;
// a Reset of STATE and EPHEMERAL brings it back in maintenance mode.
import { writeFileSync, truncateSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { grpcCode, TestClient } from '../harness/client';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS, HOST_FROM_GUEST, INITRD, KERNEL, OUT, within } from './harness';
import { startRegistry, type TestRegistry } from '../harness/oci-registry';
import { REPO } from '../harness/agent';
import { execFileSync } from 'node:child_process';
import { connectWhenUp, forwardedConfig } from './node-checks';

const HOSTNAME = 'qemu-installed';

const bootId = async (c: TestClient): Promise<string> =>
  Buffer.concat(
    (
      await c.serverStream<{ bytes: Buffer }>('/machine.MachineService/Read', {
        path: '/proc/sys/kernel/random/boot_id',
      })
    ).map((d) => d.bytes),
  )
    .toString()
    .trim();

describe('metal install to disk (QEMU)', () => {
  let dir: string;
  let disk: string;
  let address: string;
  let generated: GeneratedConfig;
  let guest: Guest | undefined;
  let registry: TestRegistry | undefined;
  let registryHost = '';
  let installerImage = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-install-'));
    disk = join(dir, 'disk.raw');
    writeFileSync(disk, '');
    truncateSync(disk, 6 * 1024 ** 3);
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    address = await freeLoopback();
    // The installer image an upgrade pulls: this image's own boot assets under a new tag, served by a
    // registry on the host's loopback, which the guest reaches as 10.0.2.2 (QEMU user networking).
    const tag = 'v1.13.10-test';
    execFileSync('node', [join(REPO, 'images/installer.mjs'), '--out', dir, '--tag', tag,
      '--kernel', KERNEL, '--initramfs', INITRD]); // prettier-ignore
    registry = await startRegistry({ repos: { 'siderolabs/installer': join(dir, 'installer-amd64.tar') } });
    registryHost = `${HOST_FROM_GUEST}:${registry.host.split(':')[1]}`;
    installerImage = `${registryHost}/siderolabs/installer:${tag}`;
  });

  afterEach((ctx) => {
    // The whole console of a failed boot, for diagnosis (the error shows only its tail).
    if (ctx.task.result?.state === 'fail' && guest)
      writeFileSync(join(tmpdir(), 'talos-ts-install-console.log'), guest.console());
  });

  afterAll(async () => {
    await guest?.stop();
    await registry?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

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
    const insecure = await connectWhenUp(guest.address, undefined, 240_000);
    try {
      const apply = (data: Buffer) =>
        insecure.unary('/machine.MachineService/ApplyConfiguration', { data, mode: 'AUTO' });
      const wrong = forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/sda');
      const err: unknown = await apply(wrong).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(grpcCode(err)).toBe(3); // InvalidArgument
      expect(String(err)).toContain('specified install disk does not exist: "/dev/sda"');
      await apply(forwardedConfig(generated.controlPlane, address, HOSTNAME, '/dev/vda', [registryHost]));
    } finally {
      insecure.close();
    }
    await guest.waitFor(/installation finished/, 600_000);
    await guest.waitFor(/rebooting/, 120_000);
    await within(120_000, () => (guest!.stopped ? Promise.resolve() : Promise.reject(new Error('still up'))));
  }, 900_000);

  it('boots from the disk alone, configured from STATE, and reboots through the API', async () => {
    await guest?.stop();
    guest = await Guest.boot({ address, disk, media: [], allowReboot: true, memoryMiB: 1536 });
    const connect = () => connectWhenUp(guest!.address, generated.adminTLS, 420_000);
    let admin = await connect();
    const first = await bootId(admin);
    expect(guest.console()).toMatch(/mounted STATE/);
    expect(guest.console()).not.toMatch(/entering maintenance service/);
    await admin.unary('/machine.MachineService/Reboot', {});
    admin.close();
    await guest.waitFor(/rebooting/, 120_000);
    // The same VM boots again from its disk; wait for the old apid to be gone before reconnecting.
    await new Promise((r) => setTimeout(r, 5_000));
    admin = await connect();
    try {
      const second = await bootId(admin);
      expect(second).not.toBe(first);
      expect(second).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      admin.close();
    }
  }, 1_200_000);

  it('upgrades into boot slot B, comes up from it, and rolls back to A', async () => {
    const cmdline = async (c: TestClient) =>
      Buffer.concat(
        (
          await c.serverStream<{ bytes: Buffer }>('/machine.MachineService/Read', { path: '/proc/cmdline' })
        ).map((d) => d.bytes),
      ).toString();
    let admin = await connectWhenUp(guest!.address, generated.adminTLS, 120_000);
    expect(await cmdline(admin)).toMatch(/BOOT_IMAGE=\/A\/vmlinuz/);
    const before = guest!.lines.length;
    try {
      const bad = await admin
        .unary('/machine.MachineService/Upgrade', {
          image: `${registryHost}/siderolabs/installer:no-such-tag`,
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(String(bad)).toContain('error validating installer image');
      const r = await admin.unary<{ messages: { ack: string; actor_id: string }[] }>(
        '/machine.MachineService/Upgrade',
        { image: installerImage },
        undefined,
        600_000,
      );
      expect(r.messages[0]?.ack).toBe('Upgrade request received');
    } finally {
      admin.close();
    }
    await guest!.waitFor(/upgrade written to the boot slot, rebooting/, 300_000);
    await new Promise((r) => setTimeout(r, 5_000));
    admin = await connectWhenUp(guest!.address, generated.adminTLS, 420_000);
    try {
      expect(await cmdline(admin)).toMatch(/BOOT_IMAGE=\/B\/vmlinuz/);
      const after = guest!.lines
        .slice(before)
        .map((l) => l.text)
        .join('\n');
      expect(after).toMatch(/\*B - Talos v1\.13\.10-test/); // GRUB's menu, B selected
      await guest!.waitFor(/removing fallback entry/, 120_000);
      await admin.unary('/machine.MachineService/Rollback', {});
    } finally {
      admin.close();
    }
    await guest!.waitFor(/rolled back the boot slot/, 60_000);
    await new Promise((r) => setTimeout(r, 5_000));
    admin = await connectWhenUp(guest!.address, generated.adminTLS, 420_000);
    try {
      expect(await cmdline(admin)).toMatch(/BOOT_IMAGE=\/A\/vmlinuz/);
    } finally {
      admin.close();
    }
  }, 1_500_000);

  it('resets STATE and EPHEMERAL through the API and comes back in maintenance mode', async () => {
    const admin = await connectWhenUp(guest!.address, generated.adminTLS, 120_000);
    const before = guest!.lines.length;
    try {
      // As `talosctl reset --system-labels-to-wipe STATE --system-labels-to-wipe EPHEMERAL` sends it.
      const bad = await admin
        .unary('/machine.MachineService/Reset', {
          graceful: true,
          reboot: true,
          system_partitions_to_wipe: [{ label: 'NOPE', wipe: true }],
        })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(grpcCode(bad)).toBe(3);
      await admin.unary('/machine.MachineService/Reset', {
        graceful: true,
        reboot: true,
        system_partitions_to_wipe: [
          { label: 'STATE', wipe: true },
          { label: 'EPHEMERAL', wipe: true },
        ],
      });
    } finally {
      admin.close();
    }
    await guest!.waitFor(/reset: wipes done/, 180_000);
    await guest!.waitFor(/formatting wiped STATE/, 420_000);
    await guest!.waitFor(/entering maintenance service/, 240_000);
    const after = guest!.lines.slice(before).map((l) => l.text);
    expect(after.filter((l) => /wiping \{"label":"(STATE|EPHEMERAL)"/.test(l))).toHaveLength(2);
    const insecure = await connectWhenUp(guest!.address, undefined, 240_000);
    insecure.close();
    // The old configuration's certificates are gone with STATE: mTLS as admin no longer works.
    await expect(
      new TestClient(guest!.address, generated.adminTLS).unary('/machine.MachineService/Version', {}),
    ).rejects.toThrow();
  }, 1_200_000);
});
