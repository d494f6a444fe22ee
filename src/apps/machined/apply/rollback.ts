// The try-mode rollback timer (Talos' RollbackToConfigAfter / CancelConfigRollbackTimeout):
// at most one pending rollback; arming a new one or cancelling drops the old one.

/** setTimeout's longest delay; longer timeouts are re-armed in steps. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class RollbackTimer {
  #timer: NodeJS.Timeout | undefined;
  #generation = 0;

  constructor(signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.cancel(), { once: true });
  }

  get pending(): boolean {
    return this.#timer !== undefined;
  }

  /** Runs `fire` after `ms` milliseconds unless cancelled or re-armed first. */
  arm(ms: number, fire: () => Promise<void>): void {
    this.cancel();
    const generation = this.#generation;
    const deadline = Date.now() + Math.max(0, ms);
    const schedule = (left: number): void => {
      this.#timer = setTimeout(step, Math.min(Math.max(0, left), MAX_DELAY_MS));
      this.#timer.unref();
    };
    const step = (): void => {
      if (generation !== this.#generation) return;
      const left = deadline - Date.now();
      if (left > 0) return schedule(left);
      this.#timer = undefined;
      void fire();
    };
    schedule(ms);
  }

  cancel(): void {
    this.#generation++;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
