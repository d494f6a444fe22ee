// Installing to disk, as Talos's installer (1.8 and later) lays a disk out for GRUB: a fresh GPT (EFI,
// BIOS, BOOT, META), the file systems with their labels, the kernel and initramfs in boot slot A on
// BOOT, GRUB for BIOS (core image in the BIOS partition) and UEFI (the removable-media path on EFI).
// STATE (with the machine config) and EPHEMERAL are the volume manager's: the caller's `state` step
// makes STATE and saves the config; EPHEMERAL follows on the first boot. Everything the disk held
// before is gone.
import { copyFile, cp, mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../log';
import { readDiskTable, writeDiskTable } from '../blockdev/disk-table';
import { diskSizeOf, partitionDevice, waitForDevice } from './disk-devices';
import { writeFileAtomic } from '../files/atomic-write';
import { INSTALL_LAYOUT, layoutTable, type PartitionPlan } from './partition-layout';
import { renderGrubConfig } from './grub-config';
import { formatXfs, loadModule, runCommand, type CommandRunner } from './command';
import { installGrubEfi } from './grub-efi';
import { installGrubBios } from './grub-bios';
import { loadGrubAssets, makeGrubAssets, type GrubAssets } from './grub-assets';

export interface InstallOptions {
  /** The disk, e.g. /dev/vda. */
  readonly disk: string;
  readonly kernel: string;
  readonly initramfs: string;
  /** The installed system's kernel command line. */
  readonly cmdline: string;
  readonly version: string;
  /**
   * Run once the boot files are in place: makes STATE in the space left and saves the config on it
   * (the installation is finished only when it succeeds).
   */
  readonly state?: () => Promise<void>;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly run?: CommandRunner;
  /** GRUB's images and modules (default: made now from /usr/lib/grub). */
  readonly grub?: GrubAssets;
  /** Where the installer mounts partitions while it works (default: a new directory under /tmp). */
  readonly workDir?: string;
}

export class InstallDiskMissingError extends Error {
  constructor(readonly disk: string) {
    super(`specified install disk does not exist: ${JSON.stringify(disk)}`);
    this.name = 'InstallDiskMissingError';
  }
}

/** Throws InstallDiskMissingError when `disk` is not there. */
export async function checkInstallDisk(disk: string): Promise<void> {
  try {
    await stat(disk);
  } catch {
    throw new InstallDiskMissingError(disk);
  }
}

/** Overwrites the start of a partition with zeros (META: Talos starts it empty). */
async function zeroFill(dev: string, bytes: bigint): Promise<string> {
  const fh = await open(dev, 'r+');
  try {
    await fh.write(Buffer.alloc(Number(bytes)), 0, Number(bytes), 0);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return '';
}

async function format(p: PartitionPlan, dev: string, run: CommandRunner, signal: AbortSignal) {
  switch (p.filesystem) {
    case 'vfat':
      return run('mkfs.vfat', ['-F', '32', '-n', p.label, dev], signal);
    case 'xfs':
      return formatXfs(p.label, dev, run, signal);
    case 'zeroes':
      return zeroFill(dev, p.size);
    case 'none':
      return '';
  }
}

export async function installToDisk(o: InstallOptions): Promise<void> {
  const run = o.run ?? runCommand;
  const { signal, logger } = o;
  await checkInstallDisk(o.disk);
  const size = await diskSizeOf(o.disk);
  const table = layoutTable(size, INSTALL_LAYOUT);
  logger.info({ disk: o.disk, size: String(size) }, 'partitioning');
  await run('wipefs', ['--all', '--force', o.disk], signal);
  writeDiskTable(o.disk, table);
  await run('partx', ['--update', o.disk], signal).catch(() => run('partx', ['--add', o.disk], signal));
  const devs = table.partitions.map((p) => partitionDevice(o.disk, p.index));
  for (const dev of devs) await waitForDevice(dev, signal);
  for (const [i, p] of INSTALL_LAYOUT.entries()) {
    logger.info({ partition: devs[i], label: p.label, filesystem: p.filesystem }, 'formatting partition');
    await format(p, devs[i]!, run, signal);
  }
  const work = o.workDir ?? (await mkdtemp(join(tmpdir(), 'talos-install-')));
  const mounted: string[] = [];
  await loadModule(run, 'xfs', signal);
  const mountAt = async (label: string, dev: string) => {
    const dir = join(work, label.toLowerCase());
    await mkdir(dir, { recursive: true });
    await run('mount', [dev, dir], signal);
    mounted.push(dir);
    return dir;
  };
  try {
    const boot = await mountAt('BOOT', devs[2]!);
    await mkdir(join(boot, 'A'), { recursive: true });
    await copyFile(o.kernel, join(boot, 'A', 'vmlinuz'));
    await copyFile(o.initramfs, join(boot, 'A', 'initramfs.xz'));
    const grubCfg = renderGrubConfig({
      default: 'A',
      entries: { A: { cmdline: o.cmdline, version: o.version } },
    });
    await writeFileAtomic(join(boot, 'grub', 'grub.cfg'), grubCfg, { mode: 0o600 });
    logger.info({ targets: 'i386-pc, x86_64-efi' }, 'installing GRUB');
    const grub = o.grub ?? (await loadGrubAssets()) ?? (await makeGrubAssets(run, signal));
    await cp(grub.moduleDirs.bios, join(boot, 'grub', 'i386-pc'), { recursive: true });
    await cp(grub.moduleDirs.efi, join(boot, 'grub', 'x86_64-efi'), { recursive: true });
    const bios = table.partitions[1]!;
    installGrubBios(o.disk, grub, { first: bios.firstLba, last: bios.lastLba });
    await installGrubEfi(devs[0]!, grub.efiImg, run, signal);
  } finally {
    for (const dir of mounted.reverse()) await run('umount', [dir], signal).catch(() => undefined);
    if (!o.workDir) await rm(work, { recursive: true, force: true });
  }
  if (!readDiskTable(o.disk)) throw new Error(`${o.disk}: the partition table did not stick`);
  await o.state?.();
  logger.info({ disk: o.disk }, 'installation finished');
}
