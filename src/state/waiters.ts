// Callers waiting for the next change of something: each `next` resolves at the next `wakeAll`, or
// when its signal fires (at once if it already has).
export class Waiters {
  private readonly waiting = new Set<() => void>();

  next(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        signal.removeEventListener('abort', done);
        this.waiting.delete(done);
        resolve();
      };
      this.waiting.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }
}
