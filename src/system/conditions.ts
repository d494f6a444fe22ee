// Conditions a service waits for before it starts: all of several at once (its dependencies and its own
// condition), described by the ones still pending, and another service reaching a state.
import type { Condition } from './service';

export class AbortedError extends Error {
  constructor() {
    super('context canceled');
    this.name = 'AbortedError';
  }
}

/** All of the conditions (nested lists flattened; undefined ones dropped), or undefined if none. */
export function waitForAll(...conditions: readonly (Condition | undefined)[]): Condition | undefined {
  const list = conditions.flatMap((c) => (c === undefined ? [] : c instanceof AllConditions ? c.parts : [c]));
  return list.length === 0 ? undefined : new AllConditions(list);
}

class AllConditions implements Condition {
  private readonly pending: Set<Condition>;

  constructor(readonly parts: readonly Condition[]) {
    this.pending = new Set(parts);
  }

  async wait(signal: AbortSignal): Promise<void> {
    const results = await Promise.allSettled(
      this.parts.map(async (c) => {
        await c.wait(signal);
        this.pending.delete(c);
      }),
    );
    if (signal.aborted) throw new AbortedError();
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** The pending ones, joined with ", " ('' once all hold). */
  describe(): string {
    return [...this.pending].map((c) => c.describe()).join(', ');
  }
}

/** How another service is watched: its presence and whether it is in the awaited state now. */
export interface ServiceStateSource {
  /** Whether the service `id` is loaded. */
  has(id: string): boolean;
  /** Whether it is in the state `event` now ("up", "down", "finished"). */
  inState(id: string, event: ServiceStateEvent): boolean;
  /** Called on every state or health change of any service, until the returned function is called. */
  onChange(listener: () => void): () => void;
}

/** Talos's StateEvent: up (running and healthy, or finished/skipped), down (terminal), finished. */
export type ServiceStateEvent = 'up' | 'down' | 'finished';

/** Service `id` reaching `event`: "service "etcd" to be "up"" (or "… to be registered" before it is loaded). */
export function waitForService(source: ServiceStateSource, event: ServiceStateEvent, id: string): Condition {
  let registered = source.has(id);
  return {
    describe: () =>
      registered
        ? `service ${JSON.stringify(id)} to be ${JSON.stringify(event)}`
        : `service ${JSON.stringify(id)} to be registered`,
    wait: (signal) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          registered = source.has(id);
          if (registered && source.inState(id, event)) finish(undefined);
        };
        let done = false;
        const finish = (error: Error | undefined): void => {
          if (done) return;
          done = true;
          unsubscribe();
          signal.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolve();
        };
        const onAbort = (): void => finish(new AbortedError());
        const unsubscribe = source.onChange(check);
        if (signal.aborted) {
          finish(new AbortedError());
          return;
        }
        signal.addEventListener('abort', onAbort, { once: true });
        check();
      }),
  };
}
