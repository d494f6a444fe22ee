// ApplyConfiguration's rules: validate, then persist and/or activate according to the mode.
// In maintenance every immediate mode applies without a reboot, as on Talos.
import { status } from '@grpc/grpc-js';
import type { MachineConfig } from '../../config';
import { unifiedDiff } from '../../config/diff';
import { ApiError, invalidArgument } from '../../grpc/errors';
import type { ApplyMode, ApplyResult } from './server/machine-service';
import type { ConfigPersistence } from './config-persistence';
import { parseConfig } from './load-config';

export interface ConfigApplierOptions {
  readonly persistence: ConfigPersistence;
  readonly current: () => MachineConfig | undefined;
  readonly activate: (cfg: MachineConfig) => Promise<void>;
}

const DETAILS = {
  NO_REBOOT: 'Applied configuration without a reboot',
  STAGED: 'Staged configuration to be applied after the next reboot',
} as const;

export class ConfigApplier {
  constructor(private readonly opts: ConfigApplierOptions) {}

  current(): MachineConfig | undefined {
    return this.opts.current();
  }

  async apply(data: Buffer, requested: ApplyMode, dryRun: boolean): Promise<ApplyResult> {
    const current = this.opts.current();
    const inMaintenance = current === undefined;
    const cfg = await parseConfig(data);
    if (!inMaintenance && cfg.v1alpha1() === undefined) {
      throw invalidArgument(
        "the applied machine configuration doesn't contain v1alpha1 config, did you mean to patch the machine config instead?",
      );
    }
    let mode = requested;
    if (mode === 'REBOOT' && inMaintenance) mode = 'NO_REBOOT';
    if (mode === 'AUTO') mode = 'NO_REBOOT';
    if (mode === 'REBOOT' || mode === 'TRY') {
      throw new ApiError(status.FAILED_PRECONDITION, `apply mode ${mode} is not supported by this node yet`);
    }
    const modeDetails = DETAILS[mode];
    if (dryRun) {
      const diff = unifiedDiff(current?.bytes().toString() ?? '', cfg.bytes().toString());
      return {
        mode,
        modeDetails: `Dry run summary:\n${modeDetails} (skipped in dry-run).\nConfig diff:\n\n${diff || 'No changes.'}`,
        warnings: [],
      };
    }
    await this.opts.persistence.save(cfg.bytes());
    if (mode === 'NO_REBOOT') await this.opts.activate(cfg);
    return { mode, modeDetails, warnings: [] };
  }
}
