// Which mode an apply request really runs in, and its mode_details, as Talos' ApplyConfiguration
// decides them before acting.
import type { MachineConfig } from '../../../config';
import { invalidArgument } from '../../../grpc/errors';
import type { ApplyMode } from '../api/machine-api';
import { immediateApplyError } from './immediate';

export const DETAILS = {
  REBOOT: 'Applied configuration with a reboot',
  NO_REBOOT: 'Applied configuration without a reboot',
  STAGED: 'Staged configuration to be applied after the next reboot',
} as const;

export interface Decision {
  /** The mode that runs (and is answered). */
  readonly mode: Exclude<ApplyMode, 'AUTO'>;
  /** As Talos logs it: the requested mode, `AUTO(<mode>)` for auto. */
  readonly logMode: string;
  readonly details: string;
  /** `: <reason>` when auto chose a reboot; appended to details outside dry runs. */
  readonly reason: string;
}

/** Throws InvalidArgument when NO_REBOOT/TRY carry a change that needs a reboot. */
export function decide(
  requested: ApplyMode,
  current: MachineConfig | undefined,
  cfg: MachineConfig,
): Decision {
  const inMaintenance = current === undefined;
  // In maintenance every change applies immediately, as on Talos.
  const immediateError = (): string | undefined =>
    inMaintenance ? undefined : immediateApplyError(current, cfg);
  const mode = inMaintenance && requested === 'REBOOT' ? 'NO_REBOOT' : requested;
  switch (mode) {
    case 'TRY':
    case 'NO_REBOOT': {
      const err = immediateError();
      if (err !== undefined) throw invalidArgument(err);
      return { mode, logMode: requested, details: DETAILS.NO_REBOOT, reason: '' };
    }
    case 'STAGED':
    case 'REBOOT':
      return { mode, logMode: requested, details: DETAILS[mode], reason: '' };
    case 'AUTO': {
      const err = immediateError();
      const chosen = err === undefined ? 'NO_REBOOT' : 'REBOOT';
      return {
        mode: chosen,
        logMode: `AUTO(${chosen})`,
        details: DETAILS[chosen],
        reason: err === undefined ? '' : `: ${err}`,
      };
    }
  }
}
