// Installing on metal, as Talos's boot sequence does it: a node that did not boot from an installed
// disk and gets a config with `machine.install.disk` installs to that disk, makes STATE there (encrypted
// when the config says so) with the config on it, then reboots into it. The kernel and initramfs installed are this very system's, read from the ISO
// it booted from; a machine booted without one (PXE) pulls them from `machine.install.image`, as Talos
// always does. A disk that does not exist is refused when the config is applied, with Talos's words.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { MachineConfig } from '../../config';
import { ConfigValidationError } from '../../config/errors';
import type { Logger } from '../../log';
import { BootAssetsMissingError, findBootAssets, type BootAssets } from '../../install/boot-assets';
import { pullInstallerAssets, registryMirrors } from '../../install/installer-image';
import { runCommand } from '../../install/command';
import { checkInstallDisk, InstallDiskMissingError, installToDisk } from '../../install/install-disk';
import { TALOS_VERSION } from './version-info';
import { errorMessage } from '../../error-message';
import { installState } from './install-state';

export interface MetalInstallOptions {
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** Whether this boot mounted an installed STATE volume. */
  readonly installed: boolean;
  /** Asks the init to reboot (the agent exits with the reboot code). */
  readonly requestReboot: () => void;
  readonly cmdlinePath?: string;
  /** Where a pulled installer image's files are kept until written (default: the tmpfs /tmp). */
  readonly workDir?: string;
  /** Finds the ISO's boot assets (default: findBootAssets). */
  readonly findIso?: typeof findBootAssets;
}

/** Kernel parameters of the running system that only concern this boot. */
const BOOT_ONLY = /^(BOOT_IMAGE|initrd|talos\.config|talos\.experimental\.wipe)=/;

export class MetalInstaller {
  #running = false;

  constructor(private readonly o: MetalInstallOptions) {}

  /** Whether applying `cfg` will install (not installed yet, and an install disk is set). */
  needsInstall(cfg: MachineConfig): boolean {
    return !this.o.installed && cfg.installDisk() !== undefined;
  }

  /** Refuses a config whose install disk is missing; nothing is changed then. */
  async check(cfg: MachineConfig): Promise<void> {
    const disk = cfg.installDisk();
    if (!this.needsInstall(cfg) || disk === undefined) return;
    try {
      await checkInstallDisk(disk);
    } catch (e: unknown) {
      if (!(e instanceof InstallDiskMissingError)) throw e;
      throw new ConfigValidationError([{ path: 'machine.install.disk', message: e.message }]);
    }
  }

  /**
   * Installs, then asks for the reboot into the installed system: true. On failure (logged) the node
   * goes on running from memory: false.
   */
  async install(cfg: MachineConfig): Promise<boolean> {
    if (!this.needsInstall(cfg) || this.#running) return false;
    this.#running = true;
    try {
      await this.#install(cfg);
    } catch (e: unknown) {
      this.o.logger.error({ error: errorMessage(e) }, 'install failed, running from memory');
      return false;
    } finally {
      this.#running = false;
    }
    this.o.requestReboot();
    return true;
  }

  /** The kernel and initramfs to install: the ISO's, else those of `machine.install.image`. */
  async bootAssets(cfg: MachineConfig): Promise<BootAssets> {
    try {
      return await (this.o.findIso ?? findBootAssets)({ run: runCommand, signal: this.o.signal });
    } catch (e: unknown) {
      const image = cfg.installImage();
      if (!(e instanceof BootAssetsMissingError) || image === undefined) throw e;
      this.o.logger.info({ image }, 'no Talos ISO to install from, pulling the installer image');
      return pullInstallerAssets({
        image,
        mirrors: registryMirrors(cfg),
        workDir: this.o.workDir ?? tmpdir(),
        signal: this.o.signal,
        logger: this.o.logger,
      });
    }
  }

  async #install(cfg: MachineConfig): Promise<void> {
    const disk = cfg.installDisk()!;
    const log = this.o.logger;
    const assets = await this.bootAssets(cfg);
    const current = await readFile(this.o.cmdlinePath ?? '/proc/cmdline', 'utf8');
    const cmdline = current
      .trim()
      .split(/\s+/)
      .filter((w) => w !== '' && !BOOT_ONLY.test(w))
      .join(' ');
    log.info({ disk, kernel: assets.kernel }, 'installing Talos to disk');
    try {
      await installToDisk({
        disk,
        kernel: assets.kernel,
        initramfs: assets.initramfs,
        cmdline,
        version: TALOS_VERSION,
        logger: log,
        signal: this.o.signal,
        state: () => installState({ disk, cfg, logger: log, signal: this.o.signal }),
      });
    } finally {
      await assets.release();
    }
    log.info({ disk }, 'install successful, rebooting');
  }
}
