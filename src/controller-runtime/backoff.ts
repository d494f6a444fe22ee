// Exponential restart delays: initial, doubling (by default) up to a ceiling; reset by a clean reconcile.

export interface BackoffOptions {
  /** First delay, in ms (default 100). */
  readonly initialMs?: number;
  /** Ceiling, in ms (default 30 000). */
  readonly maxMs?: number;
  /** Growth factor per failure (default 2). */
  readonly multiplier?: number;
}

export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly multiplier: number;
  private current: number;

  constructor(opts: BackoffOptions = {}) {
    this.initialMs = opts.initialMs ?? 100;
    this.maxMs = opts.maxMs ?? 30_000;
    this.multiplier = opts.multiplier ?? 2;
    this.current = this.initialMs;
  }

  /** The delay to wait now; the one after it grows. */
  next(): number {
    const delay = Math.min(this.current, this.maxMs);
    this.current = Math.min(this.current * this.multiplier, this.maxMs);
    return delay;
  }

  reset(): void {
    this.current = this.initialMs;
  }
}
