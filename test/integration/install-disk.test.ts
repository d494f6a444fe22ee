// Installing to a real block device (a loop device over a sparse file): the boot partitions with Talos's
// labels and file systems, the kernel and initramfs in slot A, GRUB for BIOS and UEFI, STATE made by the
// volume manager with the config on it; at the next boot EPHEMERAL made in the rest of the disk, and a
// wiped one made again. An encrypted STATE is encrypted here too, but its opening needs device-mapper,
// which this machine lacks: the volume must then say `failed`, with cryptsetup's reason. Needs root,
// loop devices, mkfs.xfs, mkfs.vfat, cryptsetup and grub-install with both targets.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDiskTable } from '../../src/blockdev/disk-table';
import { createLogger } from '../../src/log';
import { checkInstallDisk, installToDisk } from '../../src/install/install-disk';
import { partitionDevice } from '../../src/install/disk-devices';
import { findPartitionByLabel } from '../../src/install/system-volumes';
import { MachineConfig } from '../../src/config';
import { installState } from '../../src/apps/machined/install-state';
import { Cryptsetup, cryptsetupRunner } from '../../src/blockdev/cryptsetup';
import { readLuksHeader } from '../../src/blockdev/luks-header';
import { VolumeManager } from '../../src/volumes/volume-manager';
import { ephemeralVolumeConfig, stateVolumeConfig } from '../../src/volumes/volume-configs';
import { fastWipe } from '../../src/blockdev/wipe';
import { revertToSlot, upgradeSlots } from '../../src/install/boot-slots';
import { parseGrubConfig } from '../../src/install/grub-config';
import { runCommand } from '../../src/install/command';
import { Writable } from 'node:stream';
import { lockLoopDevices } from '../harness/loop-device-lock';
import { requireFile, requireRoot, requireTools } from '../harness/tools';

const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' }).trim();

const CONFIG = new MachineConfig([{ kind: 'v1alpha1', data: { version: 'v1alpha1', machine: {} } }]);
const UUID = '4c4c4544-0051-3010-8057-b4c04f4a4e32';
const FAST_PBKDF = { memoryKiB: 32768, forceIterations: 4 };

describe('install to disk (loop device)', () => {
  let dir: string;
  let loop = '';
  const lines: string[] = [];
  const logger = createLogger(
    'json',
    'info',
    new Writable({
      write(chunk: Buffer, _e, cb) {
        lines.push(chunk.toString());
        cb();
      },
    }),
  );

  let releaseLoops: (() => void) | undefined;

  beforeAll(async () => {
    requireRoot('installing to a loop device');
    requireTools('losetup', 'mkfs.xfs', 'mkfs.vfat', 'grub-mkimage', 'mcopy', 'partx', 'blkid', 'cryptsetup');
    requireFile('/usr/lib/grub/i386-pc', 'grub-pc-bin');
    requireFile('/usr/lib/grub/x86_64-efi', 'grub-efi-amd64-bin');
    releaseLoops = await lockLoopDevices();
    dir = mkdtempSync(join(tmpdir(), 'install-'));
    const image = join(dir, 'disk.img');
    writeFileSync(image, '');
    truncateSync(image, 6 * 1024 ** 3);
    loop = sh('losetup', ['--find', '--show', image]);
    writeFileSync(join(dir, 'vmlinuz'), 'kernel-bytes');
    writeFileSync(join(dir, 'initramfs.xz'), 'initramfs-bytes');
    const signal = AbortSignal.timeout(300_000);
    await installToDisk({
      disk: loop,
      kernel: join(dir, 'vmlinuz'),
      initramfs: join(dir, 'initramfs.xz'),
      cmdline: 'console=ttyS0 talos.platform=metal',
      version: 'v1.13.9',
      logger,
      signal,
      state: () => installState({ disk: loop, cfg: CONFIG, logger, signal }),
    });
  }, 900_000);

  afterAll(() => {
    if (loop) {
      execFileSync('sh', [
        '-c',
        `umount ${dir}/m 2>/dev/null; partx --delete ${loop} 2>/dev/null; losetup -d ${loop}`,
      ]);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    releaseLoops?.();
  });

  const withMounted = <T>(n: number, fn: (root: string) => T): T => {
    const m = join(dir, 'm');
    mkdirSync(m, { recursive: true });
    execFileSync('mount', ['-o', 'ro', partitionDevice(loop, n), m]);
    try {
      return fn(m);
    } finally {
      execFileSync('umount', [m]);
    }
  };

  it('lays out the partitions with their labels and file systems', () => {
    const table = readDiskTable(loop)!;
    expect(table.partitions.map((p) => p.name)).toEqual(['EFI', 'BIOS', 'BOOT', 'META', 'STATE']);
    // STATE follows META, 100 MiB, 1 MiB aligned.
    const [meta, state] = [table.partitions[3]!, table.partitions[4]!];
    expect(state.firstLba).toBe(meta.lastLba + 1n);
    expect((state.lastLba - state.firstLba + 1n) * 512n).toBe(100n * 1024n ** 2n);
    const probe = (n: number, tag: string) =>
      sh('blkid', ['-p', '-o', 'value', '-s', tag, partitionDevice(loop, n)]);
    expect([probe(1, 'TYPE'), probe(1, 'LABEL')]).toEqual(['vfat', 'EFI']);
    expect([probe(3, 'TYPE'), probe(3, 'LABEL')]).toEqual(['xfs', 'BOOT']);
    expect([probe(5, 'TYPE'), probe(5, 'LABEL')]).toEqual(['xfs', 'STATE']);
    expect(probe(3, 'PART_ENTRY_NAME')).toBe('BOOT');
  });

  it('puts the kernel, initramfs and GRUB menu in slot A on BOOT', () => {
    withMounted(3, (boot) => {
      expect(readFileSync(join(boot, 'A/vmlinuz'), 'utf8')).toBe('kernel-bytes');
      expect(readFileSync(join(boot, 'A/initramfs.xz'), 'utf8')).toBe('initramfs-bytes');
      const cfg = readFileSync(join(boot, 'grub/grub.cfg'), 'utf8');
      expect(cfg).toContain("set default='A - Talos v1.13.9'");
      expect(cfg).toContain("linux /A/vmlinuz 'console=ttyS0' 'talos.platform=metal'");
      expect(existsSync(join(boot, 'grub/i386-pc/normal.mod'))).toBe(true);
      expect(existsSync(join(boot, 'grub/device.map'))).toBe(false);
      expect(existsSync(join(boot, 'grub/x86_64-efi/normal.mod'))).toBe(true);
    });
  });

  it('installs GRUB for UEFI on EFI and for BIOS in the MBR and BIOS partition', () => {
    const efi = sh('mdir', ['-b', '-i', partitionDevice(loop, 1), '::/EFI/BOOT']);
    expect(efi).toContain('BOOTX64.EFI');
    const pe = execFileSync('mtype', ['-i', partitionDevice(loop, 1), '::/EFI/BOOT/BOOTX64.EFI']);
    expect(pe.subarray(0, 2).toString('latin1')).toBe('MZ');
    const head = execFileSync('dd', [`if=${loop}`, 'bs=512', 'count=1', 'status=none']);
    expect(head.subarray(0, 440).some((b) => b !== 0)).toBe(true);
    // The boot sector points at the BIOS partition, whose first sector's block list points at the rest.
    const table = readDiskTable(loop)!;
    const biosStart = table.partitions[1]!.firstLba;
    expect(head.readBigUInt64LE(0x5c)).toBe(biosStart);
    const core = execFileSync('dd', [`if=${partitionDevice(loop, 2)}`, 'bs=512', 'count=1', 'status=none']);
    expect(core.readBigUInt64LE(500)).toBe(biosStart + 1n);
    expect(core.readUInt16LE(508)).toBeGreaterThan(10);
    expect(readDiskTable(loop)!.partitions).toHaveLength(5);
  });

  it('persists the config on STATE, then says the installation is finished', () => {
    withMounted(5, (state) => expect(readFileSync(join(state, 'config.yaml'))).toEqual(CONFIG.bytes()));
    const log = lines.join('');
    expect(log.indexOf('machine config saved on STATE')).toBeGreaterThan(0);
    expect(log.indexOf('installation finished')).toBeGreaterThan(
      log.indexOf('machine config saved on STATE'),
    );
  });

  const manager = (root: string, cryptsetup = new Cryptsetup(cryptsetupRunner(), FAST_PBKDF)) =>
    new VolumeManager({
      run: runCommand,
      cryptsetup,
      keySources: { machineUUID: () => Promise.resolve(UUID), salt: () => Promise.resolve(undefined) },
      logger,
      signal: AbortSignal.timeout(120_000),
      root,
      disks: () => Promise.resolve([{ dev: loop, spec: { dev_path: loop } }]),
      systemDisk: () => loop,
    });

  it('finds STATE by name at boot, and makes EPHEMERAL in the rest of the disk', async () => {
    expect(findPartitionByLabel('STATE', ['/dev/does-not-exist', loop])).toBe(partitionDevice(loop, 5));
    expect(findPartitionByLabel('NOPE', [loop])).toBeUndefined();
    const root = join(dir, 'root');
    const m = manager(root);
    try {
      const state = await m.ensure('STATE', stateVolumeConfig(undefined, false));
      expect(state).toMatchObject({ phase: 'ready', location: partitionDevice(loop, 5), filesystem: 'xfs' });
      expect(readFileSync(join(root, 'system/state/config.yaml'))).toEqual(CONFIG.bytes());
      const eph = await m.ensure('EPHEMERAL', ephemeralVolumeConfig(CONFIG));
      expect(eph).toMatchObject({
        phase: 'ready',
        location: partitionDevice(loop, 6),
        partitionIndex: 6,
        filesystem: 'xfs',
        encryptionProvider: 'none',
      });
      // Grown to the last usable sector; the XFS fills it.
      const table = readDiskTable(loop)!;
      expect(table.partitions[5]).toMatchObject({ name: 'EPHEMERAL', lastLba: table.lastUsableLba });
      expect(eph.size).toBe(Number((table.lastUsableLba - table.partitions[5]!.firstLba + 1n) * 512n));
      expect(sh('findmnt', ['-n', '-o', 'SOURCE', join(root, 'var')])).toBe(partitionDevice(loop, 6));
      expect(lines.join('')).toMatch(/"volume":"EPHEMERAL","phase":"waiting -> located"/);
    } finally {
      await m.closeAll();
    }
  });

  it('makes a wiped volume again at boot, keeping the others', async () => {
    await fastWipe(partitionDevice(loop, 6));
    const root = join(dir, 'root-after-wipe');
    const m = manager(root);
    const before = lines.length;
    try {
      expect((await m.ensure('STATE', stateVolumeConfig(undefined, false))).phase).toBe('ready');
      expect((await m.ensure('EPHEMERAL', ephemeralVolumeConfig(CONFIG))).phase).toBe('ready');
      const log = lines.slice(before).join('');
      expect(log).toMatch(/"volume":"EPHEMERAL".*"formatting filesystem"/);
      expect(log).not.toMatch(/"volume":"STATE".*"formatting filesystem"/);
      expect(readdirSync(join(root, 'var'))).toEqual([]);
      expect(readFileSync(join(root, 'system/state/config.yaml'))).toEqual(CONFIG.bytes());
    } finally {
      await m.closeAll();
    }
  });

  it('encrypts an empty partition, and reports the volume failed when it cannot be opened', async () => {
    // EPHEMERAL wiped, then configured encrypted with nodeID: the empty partition gets a LUKS2
    // header with the key in slot 0; opening needs device-mapper (missing here): failed, with why.
    await fastWipe(partitionDevice(loop, 6));
    const cfg = new MachineConfig([
      {
        kind: 'v1alpha1',
        data: {
          version: 'v1alpha1',
          machine: {
            systemDiskEncryption: { ephemeral: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] } },
          },
        },
      },
    ]);
    const m = manager(join(dir, 'root-encrypted'));
    try {
      const st = await m.ensure('EPHEMERAL', ephemeralVolumeConfig(cfg));
      expect(st).toMatchObject({ phase: 'failed', preFailPhase: 'provisioned' });
      expect(st.errorMessage).toMatch(/^cryptsetup (status|open) failed.*device-mapper/);
      expect((await readLuksHeader(partitionDevice(loop, 6))).keyslots).toEqual([0]);
      // The key in slot 0 is the node's: UUID + label, as Talos derives it.
      const cs = new Cryptsetup(cryptsetupRunner(), FAST_PBKDF);
      const key = Buffer.from(`${UUID}EPHEMERAL`);
      expect(await cs.testKey(partitionDevice(loop, 6), 0, key, AbortSignal.timeout(60_000))).toBe(true);
    } finally {
      await m.closeAll();
    }
  });

  it('encrypts again a LUKS2 header left without keyslots (a format cut short)', async () => {
    const dev = partitionDevice(loop, 6);
    execFileSync('cryptsetup', ['luksKillSlot', '--batch-mode', dev, '0']);
    expect((await readLuksHeader(dev)).keyslots).toEqual([]);
    const cfg = new MachineConfig([
      {
        kind: 'v1alpha1',
        data: {
          version: 'v1alpha1',
          machine: {
            systemDiskEncryption: { ephemeral: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] } },
          },
        },
      },
    ]);
    const before = lines.length;
    const m = manager(join(dir, 'root-reencrypted'));
    try {
      const st = await m.ensure('EPHEMERAL', ephemeralVolumeConfig(cfg));
      expect(st.phase).toBe('failed'); // opening needs device-mapper
      expect(lines.slice(before).join('')).toContain('LUKS2 header without keyslots: encrypting again');
      expect((await readLuksHeader(dev)).keyslots).toEqual([0]);
    } finally {
      await m.closeAll();
    }
  });

  it('upgrades into slot B with A as fallback, and rolls back', async () => {
    const boot = { device: partitionDevice(loop, 3), run: runCommand, signal: AbortSignal.timeout(60_000) };
    writeFileSync(join(dir, 'vmlinuz-new'), 'new-kernel');
    writeFileSync(join(dir, 'initramfs-new'), 'new-initramfs');
    const slots = await upgradeSlots(boot, {
      kernel: join(dir, 'vmlinuz-new'),
      initramfs: join(dir, 'initramfs-new'),
      version: 'v1.13.10',
    });
    expect(slots).toEqual({ from: 'A', to: 'B' });
    const menu = () => withMounted(3, (b) => parseGrubConfig(readFileSync(join(b, 'grub/grub.cfg'), 'utf8')));
    expect(menu()).toEqual({
      default: 'B',
      fallback: 'A',
      entries: {
        A: { cmdline: 'console=ttyS0 talos.platform=metal', version: 'v1.13.9' },
        B: { cmdline: 'console=ttyS0 talos.platform=metal', version: 'v1.13.10' },
      },
    });
    withMounted(3, (b) => {
      expect(readFileSync(join(b, 'B/vmlinuz'), 'utf8')).toBe('new-kernel');
      expect(readFileSync(join(b, 'A/vmlinuz'), 'utf8')).toBe('kernel-bytes');
      expect(readdirSync(join(b, 'B')).sort()).toEqual(['initramfs.xz', 'vmlinuz']);
    });
    expect(await revertToSlot(boot)).toBe('A');
    expect(menu()).toMatchObject({ default: 'A', fallback: 'B' });
    // A second upgrade reuses slot B; a revert to a slot that was never written is refused.
    expect(
      (
        await upgradeSlots(boot, {
          kernel: join(dir, 'vmlinuz-new'),
          initramfs: join(dir, 'initramfs-new'),
          version: 'v2',
        })
      ).to,
    ).toBe('B');
    await expect(revertToSlot(boot, 'A')).resolves.toBe('A');
  });

  it('refuses a disk that does not exist, as Talos words it', async () => {
    await expect(checkInstallDisk('/dev/sdz-does-not-exist')).rejects.toThrow(
      'specified install disk does not exist: "/dev/sdz-does-not-exist"',
    );
  });
});
