// What the spec controllers share: run one kernel change, and when it fails, log it once (until it
// succeeds or fails differently) and try again later, since the kernel may lack a link or a module for
// now. The whole pass never stops on one failure.
import type { Logger } from '../../log';
import { isKernelCommandError } from '../kernel/command';
import { errorMessage } from '../../error-message';

export class KernelChanges {
  private readonly reported = new Map<string, string>();
  /** Whether a change failed in this pass (the caller schedules a retry). */
  failed = false;

  constructor(private readonly logger: Logger) {}

  begin(): void {
    this.failed = false;
  }

  /** Runs `change` for `key`; false when it failed (logged once per distinct error). */
  async try(key: string, change: () => Promise<unknown>): Promise<boolean> {
    try {
      await change();
      this.reported.delete(key);
      return true;
    } catch (e: unknown) {
      const message = isKernelCommandError(e) ? e.message : errorMessage(e);
      this.failed = true;
      if (this.reported.get(key) !== message) {
        this.reported.set(key, message);
        this.logger.warn({ change: key, error: message }, 'kernel network change failed; retrying later');
      }
      return false;
    }
  }
}
