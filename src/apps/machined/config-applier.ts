// ApplyConfiguration's rules, as Talos': validate, pick the mode (immediate-apply rules, AUTO),
// then persist and/or activate; TRY activates without persisting and rolls back after a timeout.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../config';
import { unifiedDiff } from '../../config/diff';
import { ApiError, invalidArgument } from '../../grpc/errors';
import { durationNanos, formatGoDuration, type ProtoDuration } from './apply/go-duration';
import { RollbackTimer } from './apply/rollback';
import { parseConfig } from './load-config';
import { checkSupported, type PlatformName } from './platform';
import type { ApplyMode, ApplyResult } from './api/machine-api';
import { errorMessage } from '../../error-message';

export interface ApplierLogger {
  info(msg: string): void;
  error(msg: string): void;
}

export interface ConfigApplierOptions {
  /**
   * Checks a parsed config against the machine (e.g. the links it names exist); throws the refusal
   * (InvalidArgument) before anything is saved or changed.
   */
  readonly check?: (cfg: MachineConfig) => Promise<void>;
  /** Saves the config for the next boot (atomically); it becomes the `persistent` MachineConfig. */
  readonly persist: (cfg: MachineConfig) => Promise<void>;
  readonly current: () => MachineConfig | undefined;
  readonly activate: (cfg: MachineConfig) => Promise<void>;
  /** Leaves the active config, for a try-mode rollback begun in maintenance (Talos drops it). */
  readonly deactivate?: () => Promise<void>;
  readonly platform?: PlatformName;
  /** Reboots the machine (after the reply), where the platform can. */
  readonly reboot?: () => void;
  readonly logger?: ApplierLogger;
  /** Aborting cancels a pending try-mode rollback. */
  readonly signal?: AbortSignal;
}

/** Talos' constants.ConfigTryTimeout. */
export const CONFIG_TRY_TIMEOUT_NS = 60_000_000_000n;

export class ConfigApplier {
  readonly #rollback: RollbackTimer;
  /** One apply at a time, as Talos: a second one meanwhile is refused, not queued. */
  #busy = false;

  constructor(private readonly opts: ConfigApplierOptions) {
    this.#rollback = new RollbackTimer(opts.signal);
  }

  current(): MachineConfig | undefined {
    return this.opts.current();
  }

  /** A reboot drops a pending try-mode rollback (the tried config was never saved). */
  cancelRollback(): void {
    this.#rollback.cancel();
  }

  /** Whether a try-mode rollback is pending. */
  get rollbackPending(): boolean {
    return this.#rollback.pending;
  }

  async apply(
    data: Buffer,
    requested: ApplyMode,
    dryRun: boolean,
    tryModeTimeout?: ProtoDuration | null,
  ): Promise<ApplyResult> {
    if (this.#busy)
      throw new ApiError(status.FAILED_PRECONDITION, 'another apply configuration is already in progress');
    this.#busy = true;
    try {
      return await this.#apply(data, requested, dryRun, tryModeTimeout);
    } finally {
      this.#busy = false;
    }
  }

  async #apply(
    data: Buffer,
    requested: ApplyMode,
    dryRun: boolean,
    tryModeTimeout?: ProtoDuration | null,
  ): Promise<ApplyResult> {
    // Talos cancels a pending rollback for every mode but TRY, before validating; a dry run changes nothing.
    if (requested !== 'TRY' && !dryRun) this.#rollback.cancel();
    const current = this.opts.current();
    const cfg = await parseConfig(data);
    await this.opts.check?.(cfg);
    if (current !== undefined && cfg.v1alpha1() === undefined) {
      throw invalidArgument(
        "the applied machine configuration doesn't contain v1alpha1 config, did you mean to patch the machine config instead?",
      );
    }
    // The apply rules need the config model, which loads with the parser (not at start-up).
    const { decide } = await import('./apply/decide');
    const { mode, logMode, details, reason } = decide(requested, current, cfg);
    if (dryRun) {
      const diff = unifiedDiff(current?.bytes().toString() ?? '', cfg.bytes().toString());
      return {
        mode,
        modeDetails: `Dry run summary:\n${details} (skipped in dry-run).\nConfig diff:\n\n${diff || 'No changes.'}`,
        warnings: [],
      };
    }
    this.opts.logger?.info(`apply config request: mode ${logMode.toLowerCase()}`);
    let modeDetails = details;
    switch (mode) {
      case 'TRY': {
        const ns = tryModeTimeout ? durationNanos(tryModeTimeout) : CONFIG_TRY_TIMEOUT_NS;
        modeDetails += `\nThe config is applied in 'try' mode and will be automatically reverted back in ${formatGoDuration(ns)}`;
        this.#rollback.arm(Number(ns / 1_000_000n), () => this.#rollBack(current));
        await this.opts.activate(cfg);
        break;
      }
      case 'NO_REBOOT':
        await this.opts.persist(cfg);
        await this.opts.activate(cfg);
        break;
      case 'STAGED':
        await this.opts.persist(cfg);
        break;
      case 'REBOOT': {
        // Talos persists, then reboots; a node that can't reboot itself refuses before persisting.
        checkSupported(this.opts.platform ?? 'container', 'reboot');
        const reboot = this.opts.reboot;
        if (!reboot) throw new ApiError(status.FAILED_PRECONDITION, 'reboot is not supported by this node');
        await this.opts.persist(cfg);
        setTimeout(reboot, 100);
        break;
      }
    }
    return { mode, modeDetails: modeDetails + reason, warnings: [...cfg.warnings] };
  }

  async #rollBack(previous: MachineConfig | undefined): Promise<void> {
    this.opts.logger?.info('rolling back the configuration');
    try {
      if (previous !== undefined) await this.opts.activate(previous);
      else if (this.opts.deactivate) await this.opts.deactivate();
      else throw new Error('no previous configuration to restore');
    } catch (e: unknown) {
      this.opts.logger?.error(`config rollback failed ${errorMessage(e)}`);
    }
  }
}
