// A one-slot latch: any number of triggers before the controller looks count as one wake-up.
import { setImmediate as nextTurn } from 'node:timers/promises';

export class Wakeup {
  private pending = true;
  private readonly waiters = new Set<() => void>();

  /** Record a change; wakes a waiting controller. */
  trigger(): void {
    this.pending = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
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
      await this.changed(signal);
    }
    return false;
  }

  private changed(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
