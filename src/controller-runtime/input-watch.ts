// One kind watch per input kind, shared by every controller that reads the kind; each event wakes
// the controllers whose input matches it. A watch that fails is opened again from current contents.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log';
import type { ResourceKind, State, WatchEvent } from '../state';
import type { Input } from './controller';

export interface InputRoute {
  readonly input: Input;
  readonly wake: () => void;
}

/** Whether an event about a resource of the input's kind concerns that input. */
export function inputMatches(input: Input, e: WatchEvent): boolean {
  const md = e.resource?.metadata;
  if (!md) return false;
  if (input.id !== undefined && md.id !== input.id) return false;
  if (input.kind === 'destroyReady') return md.phase === 'tearingDown' && md.finalizers.length === 0;
  return true;
}

export interface KindWatch {
  /** Resolves once the watch is positioned (bootstrapped): later changes will not be missed. */
  readonly ready: Promise<void>;
  /** Resolves when the signal fired and the watch closed. */
  readonly done: Promise<void>;
}

export interface KindWatchOptions {
  readonly state: State;
  readonly kind: ResourceKind;
  readonly routes: readonly InputRoute[];
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Pause before a failed watch is opened again. */
  readonly retryMs: number;
}

export function watchInputKind(o: KindWatchOptions): KindWatch {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = pump(o, markReady).finally(markReady);
  return { ready, done };
}

async function pump(
  { state, kind, routes, signal, logger, retryMs }: KindWatchOptions,
  markReady: () => void,
): Promise<void> {
  let reopened = false;
  while (!signal.aborted) {
    let bootstrapped = false;
    try {
      // Current contents are skipped: a controller reconciles on start (and on restart) anyway.
      for await (const e of state.watchKind(kind, signal, { bootstrapContents: true })) {
        if (e.type === 'bootstrapped') {
          bootstrapped = true;
          markReady();
          // Events may have been lost while the watch was down: every reader looks again.
          if (reopened) for (const r of routes) r.wake();
        } else if (e.type === 'errored') {
          logger.warn({ namespace: kind.namespace, type: kind.type, error: e.error }, 'input watch failed');
          break;
        } else if (bootstrapped) {
          for (const r of routes) if (inputMatches(r.input, e)) r.wake();
        }
      }
    } catch (e: unknown) {
      if (signal.aborted) return;
      logger.error({ namespace: kind.namespace, type: kind.type, error: String(e) }, 'input watch failed');
    }
    if (signal.aborted) return;
    reopened = true;
    try {
      await sleep(retryMs, undefined, { signal });
    } catch {
      return; // aborted
    }
  }
}
