// A one-slot latch: any number of triggers before the controller looks count as one wake-up.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Waiters } from '../state/waiters';

export class Wakeup {
  private pending = true;
  private readonly waiters = new Waiters();

  /** Record a change; wakes a waiting controller. */
  trigger(): void {
    this.pending = true;
    this.waiters.wakeAll();
  }

  /** The next call to `wait` resolves at once (a freshly started controller reconciles). */
  arm(): void {
    this.trigger();
  }

  /**
   * Resolves `true` when a change was recorded since the last `true`, `false` when the signal fires.
   * Waits one event-loop turn before consuming the change, so a burst of writes lands in one wake-up.
   */
  async wait(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if (this.pending) {
        await nextTurn();
        if (signal.aborted) return false;
        this.pending = false;
        return true;
      }
      await this.waiters.next(signal);
    }
    return false;
  }
}
