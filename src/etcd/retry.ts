// A constant-interval retry with jitter and an overall deadline (siderolabs/go-retry's Constant), bound
import { errorMessage } from '../error-message';
// to an AbortSignal. The attempt throws RetryableError to be tried again; anything else ends the loop.
export class RetryableError extends Error {
  constructor(override readonly cause: unknown) {
    super(errorMessage(cause));
    this.name = 'RetryableError';
  }
}

export const retryable = (e: unknown): RetryableError => new RetryableError(e);

export interface RetryOptions {
  /** Give up after this long (the last error is thrown). */
  readonly totalMs: number;
  /** Pause between attempts. */
  readonly intervalMs: number;
  /** Up to this much random time added to each pause. */
  readonly jitterMs?: number;
  /** Each attempt gets a signal that fires after this long. */
  readonly attemptTimeoutMs?: number;
  /** Called with each retryable failure (retry.WithErrorLogging). */
  readonly onError?: (e: unknown) => void;
}

export class RetryTimeoutError extends Error {
  constructor(
    readonly totalMs: number,
    readonly last: unknown,
  ) {
    super(`time limit exceeded: ${errorMessage(last)}`);
    this.name = 'RetryTimeoutError';
  }
}

export async function retryConstant<T>(
  signal: AbortSignal,
  opts: RetryOptions,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + opts.totalMs;
  for (;;) {
    signal.throwIfAborted();
    const attemptSignal =
      opts.attemptTimeoutMs === undefined
        ? signal
        : AbortSignal.any([signal, AbortSignal.timeout(opts.attemptTimeoutMs)]);
    let last: unknown;
    try {
      return await attempt(attemptSignal);
    } catch (e: unknown) {
      if (!(e instanceof RetryableError)) throw e;
      last = e.cause;
      opts.onError?.(last);
    }
    signal.throwIfAborted();
    const pause = opts.intervalMs + Math.random() * (opts.jitterMs ?? 0);
    if (Date.now() + pause > deadline) throw new RetryTimeoutError(opts.totalMs, last);
    await sleep(pause, signal);
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
