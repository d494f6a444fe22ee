// A service's health: the status (unknown until the first check, then healthy or not with the last
// message), and the loop that checks it periodically. Listeners hear of changes of healthy/unhealthy
// only; the message alone changing is recorded but not announced (as Talos's health.State).
import type { HealthSettings, HealthStatus } from './service';
import { errorMessage } from '../error-message';

/** Go's zero time (0001-01-01T00:00:00Z): the last change of a status that was never set. */
export const ZERO_TIME = new Date(-62_135_596_800_000);

/** Talos's health.DefaultSettings. */
export const DEFAULT_HEALTH_SETTINGS: HealthSettings = Object.freeze({
  initialDelayMs: 1_000,
  periodMs: 5_000,
  timeoutMs: 500,
});

export interface HealthChange {
  readonly old: HealthStatus;
  readonly new: HealthStatus;
}

export class HealthState {
  private status: HealthStatus = { unknown: true, healthy: false, lastMessage: '', lastChange: ZERO_TIME };
  private readonly listeners = new Set<(change: HealthChange) => void>();

  get(): HealthStatus {
    return this.status;
  }

  /** Back to unknown, as each run of the checks starts. */
  init(now = new Date()): void {
    this.status = { unknown: true, healthy: false, lastMessage: 'Unknown', lastChange: now };
  }

  update(healthy: boolean, message: string, now = new Date()): void {
    const old = this.status;
    const changed = old.unknown || old.healthy !== healthy;
    this.status = {
      unknown: false,
      healthy,
      lastMessage: message,
      lastChange: changed ? now : old.lastChange,
    };
    if (!changed) return;
    const change = { old, new: this.status };
    for (const listener of [...this.listeners]) listener(change);
  }

  subscribe(listener: (change: HealthChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class HealthCheckTimeoutError extends Error {
  constructor() {
    super('context deadline exceeded');
    this.name = 'HealthCheckTimeoutError';
  }
}

/**
 * Checks after the initial delay, then every period, each check bounded by the timeout, until the
 * signal fires. Resolves then (never rejects).
 */
export async function runHealthChecks(
  settings: HealthSettings,
  state: HealthState,
  check: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  state.init();
  if (!(await sleep(settings.initialDelayMs, signal))) return;
  while (!signal.aborted) {
    const started = Date.now();
    const error = await checkOnce(settings.timeoutMs, check, signal);
    if (signal.aborted) return;
    state.update(error === undefined, error === undefined ? '' : errorMessage(error));
    if (!(await sleep(Math.max(0, settings.periodMs - (Date.now() - started)), signal))) return;
  }
}

/** One check bounded by the timeout (even one that ignores its signal); the error, if any. */
async function checkOnce(
  timeoutMs: number,
  check: (signal: AbortSignal) => Promise<void>,
  signal: AbortSignal,
): Promise<unknown> {
  const timeout = new AbortController();
  const checkSignal = AbortSignal.any([signal, timeout.signal]);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new HealthCheckTimeoutError();
      timeout.abort(e);
      reject(e);
    }, timeoutMs);
  });
  try {
    await Promise.race([check(checkSignal), expired]);
    return undefined;
  } catch (e: unknown) {
    return timeout.signal.aborted ? new HealthCheckTimeoutError() : e;
  } finally {
    clearTimeout(timer);
    expired.catch(() => undefined);
  }
}

/** Resolves true after `ms`, or false as soon as the signal fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(false);
      return;
    }
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
