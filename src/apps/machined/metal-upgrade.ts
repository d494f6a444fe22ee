// Upgrade and rollback on metal, as Talos does them with GRUB. An upgrade pulls the installer image
// (its boot assets at usr/install/amd64/), writes them into the boot slot not in use, makes that slot
// the default with the current one as fallback, notes the slot it came from in META (key 6) and
// reboots. The first boot that comes up configured drops the note; a boot whose agent fails while the
// note is there switches the default back to that slot before the reboot. A rollback makes the
// fallback slot the default and reboots. A staged upgrade (`--stage`) is the same here: Talos stages
// because it cannot replace boot files in use, but the slot written is never the one in use, so the
// upgrade is written at once and applied by the reboot that follows, as Talos's staged one is.
import { status } from '@grpc/grpc-js';
import { ApiError } from '../../grpc/errors';
import type { Logger } from '../../log';
import { revertToSlot, upgradeSlots, type BootPartition } from '../../install/boot-slots';
import type { CommandRunner } from '../../install/command';
import type { BootSlot } from '../../install/grub-config';
import { META_KEYS, type MetaStore } from '../../install/meta-store';
import type { RegistryMirror } from '../../oci/endpoints';
import { parseImageRef } from '../../oci/image-ref';
import { pullInstallerAssets, type PulledBootAssets } from '../../install/installer-image';
import { errorMessage } from '../../error-message';

export interface UpgradeRequest {
  image?: string;
  preserve?: boolean;
  stage?: boolean;
  force?: boolean;
}

export interface MetalUpgradeOptions {
  readonly logger: Logger;
  readonly meta: MetaStore;
  /** The BOOT partition, when the machine is installed. */
  readonly bootDevice?: string;
  readonly run: CommandRunner;
  /** Where the pulled image's files are kept until written (EPHEMERAL's /var/tmp when mounted). */
  readonly workDir: string;
  readonly reboot: () => void;
  readonly signal: AbortSignal;
}

/** The version a slot's menu entry shows: the image tag when it names one (`v1.13.10`). */
const versionOf = (image: string): string => {
  const ref = parseImageRef(image);
  return ref.tag ?? ref.digest?.slice(0, 19) ?? 'unknown';
};

export class MetalUpgrader {
  constructor(private readonly o: MetalUpgradeOptions) {}

  /** Whether the machine is installed (it has a BOOT partition to write). */
  get installed(): boolean {
    return this.o.bootDevice !== undefined;
  }

  private boot(): BootPartition {
    if (!this.o.bootDevice) throw new ApiError(status.FAILED_PRECONDITION, 'Talos is not installed');
    return { device: this.o.bootDevice, run: this.o.run, signal: this.o.signal };
  }

  /**
   * Checks and pulls the image before answering (a bad reference or a failed pull is the caller's
   * error, nothing changed); returns the step that writes the slot and reboots.
   */
  async prepare(
    req: UpgradeRequest,
    mirrors: Readonly<Record<string, RegistryMirror>>,
  ): Promise<() => Promise<void>> {
    const boot = this.boot();
    const image = req.image ?? '';
    const staged = req.stage === true;
    this.o.logger.info({ image, staged }, 'upgrade request received');
    const assets = await this.pull(image, mirrors);
    return async () => {
      try {
        const slots = await this.write(boot, assets, image);
        this.o.logger.info(
          slots,
          staged
            ? 'staged upgrade written to the boot slot, applied by the reboot'
            : 'upgrade written to the boot slot, rebooting',
        );
        this.o.reboot();
      } catch (e: unknown) {
        this.o.logger.error({ error: errorMessage(e) }, 'upgrade failed');
      } finally {
        await assets.release();
      }
    };
  }

  /**
   * LifecycleService Upgrade (talosctl 1.13's upgrade): the image pulled and written into the slot not
   * in use, each step told to `progress`, and no reboot (the client asks for it next). A failed pull
   * throws (nothing changed); a failed write is told and answered as false.
   */
  async upgradeWithoutReboot(
    image: string,
    mirrors: Readonly<Record<string, RegistryMirror>>,
    progress: (line: string) => Promise<void>,
  ): Promise<boolean> {
    const boot = this.boot();
    this.o.logger.info({ image }, 'starting upgrade');
    await progress(`pulling the boot assets of ${image}`);
    const assets = await this.pull(image, mirrors);
    try {
      const { from, to } = await this.write(boot, assets, image);
      await progress(
        `upgrade written to boot slot ${to} (${versionOf(image)}), ${from} kept as the fallback`,
      );
      this.o.logger.info({ from, to }, 'upgrade written to the boot slot, applied by the next reboot');
      return true;
    } catch (e: unknown) {
      this.o.logger.error({ error: errorMessage(e) }, 'upgrade failed');
      await progress(`upgrade failed: ${errorMessage(e)}`);
      return false;
    } finally {
      await assets.release();
    }
  }

  private async pull(
    image: string,
    mirrors: Readonly<Record<string, RegistryMirror>>,
  ): Promise<PulledBootAssets> {
    try {
      return await pullInstallerAssets({
        image,
        mirrors,
        workDir: this.o.workDir,
        signal: this.o.signal,
        logger: this.o.logger,
      });
    } catch (e: unknown) {
      throw new ApiError(
        status.UNKNOWN,
        `error validating installer image ${JSON.stringify(image)}: ${errorMessage(e)}`,
      );
    }
  }

  /** Writes the slot not in use and makes it the default; META notes the slot it came from. */
  private async write(
    boot: BootPartition,
    assets: PulledBootAssets,
    image: string,
  ): Promise<{ from: BootSlot; to: BootSlot }> {
    const { from, to } = await upgradeSlots(boot, {
      kernel: assets.kernel,
      initramfs: assets.initramfs,
      version: versionOf(image),
    });
    this.o.meta.set(META_KEYS.upgrade, Buffer.from(from));
    await this.o.meta.flush();
    return { from, to };
  }

  /** Makes the fallback slot the default; the caller reboots. */
  async rollback(): Promise<BootSlot> {
    const slot = await revertToSlot(this.boot());
    this.o.logger.info({ slot }, 'rolled back the boot slot');
    return slot;
  }

  /** The node came up after an upgrade: the slot it came from is no longer needed for a revert. */
  async dropFallback(): Promise<void> {
    if (!this.o.meta.delete(META_KEYS.upgrade)) return;
    this.o.logger.info('removing fallback entry');
    await this.o.meta.flush();
  }

  /** The agent failed during a boot after an upgrade: back to the slot it came from. */
  async revertFailedUpgrade(): Promise<void> {
    const from = this.o.meta.get(META_KEYS.upgrade)?.toString();
    if (!from || !this.o.bootDevice) return;
    try {
      if (from !== 'A' && from !== 'B')
        throw new Error(`META names an unknown boot slot ${JSON.stringify(from)}`);
      await revertToSlot(this.boot(), from);
      this.o.meta.delete(META_KEYS.upgrade);
      await this.o.meta.flush();
      this.o.logger.info({ slot: from }, 'reverted the bootloader to the slot booted before the upgrade');
    } catch (e: unknown) {
      this.o.logger.error({ error: errorMessage(e) }, 'failed to revert bootloader');
    }
  }
}
