// A reconcile at a chosen time (a certificate's refresh at half its lifetime, say): one pending wake-up
// per timer, re-armed by each call, cleared when the controller's loop ends.
import type { ControllerContext } from './controller-context';

/** setTimeout's longest delay; a later time is reached in steps (the controller re-arms when woken). */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class WakeTimer {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: Pick<ControllerContext, 'queueReconcile'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wakes the controller at `time` (ms since the epoch, by `now`), replacing any earlier request. */
  at(time: number): void {
    this.clear();
    const delay = Math.min(Math.max(time - this.now(), 0), MAX_DELAY_MS);
    this.timer = setTimeout(() => this.ctx.queueReconcile(), delay);
    this.timer.unref();
  }

  clear(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
