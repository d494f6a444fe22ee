import { describe, expect, it } from 'vitest';
import { AbortedServiceError, InProcessRunner } from '../../../src/system/goroutine-runner';
import type { ServiceState } from '../../../src/system/service';

describe('InProcessRunner', () => {
  it('runs the function until stopped', async () => {
    const events: string[] = [];
    let sawAbort = false;
    const r = new InProcessRunner({
      id: 'apid',
      main: (signal) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          }),
        ),
    });
    expect(r.describe()).toBe('Goroutine("apid")');
    let running = '';
    const run = r.run(
      (m) => (running = m ?? ''),
      (s: ServiceState, m: string) => events.push(`${s}: ${m}`),
    );
    expect(running).toBe('Service started as goroutine');
    expect(r.pid).toBe(process.pid);
    await r.stop();
    await run;
    expect(sawAbort).toBe(true);
    expect(events).toEqual(['Stopping: Service stopping']);
    expect(r.pid).toBeUndefined();
  });

  it('counts an abort error thrown when stopped as a clean stop, other errors as failures', async () => {
    const clean = new InProcessRunner({
      id: 'a',
      main: (signal) =>
        new Promise<void>((_, reject) =>
          signal.addEventListener('abort', () =>
            reject(new DOMException('This operation was aborted', 'AbortError')),
          ),
        ),
    });
    const run = clean.run(() => undefined);
    await clean.stop();
    await expect(run).resolves.toBeUndefined();

    const failing = new InProcessRunner({
      id: 'b',
      main: async () => Promise.reject(new Error('listen EADDRINUSE')),
    });
    await expect(failing.run(() => undefined)).rejects.toThrow('listen EADDRINUSE');
  });

  it('gives up on a function that ignores the stop after twice the grace period', async () => {
    const events: string[] = [];
    const r = new InProcessRunner({
      id: 'stuck',
      main: () => new Promise<void>(() => undefined),
      graceMs: 40,
    });
    const run = r.run(
      () => undefined,
      (s: ServiceState, m: string) => events.push(`${s}: ${m}`),
    );
    const started = Date.now();
    const outcome = run.catch((e: unknown) => e);
    await r.stop();
    expect(await outcome).toBeInstanceOf(AbortedServiceError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    expect(events).toEqual([
      'Stopping: Service stopping',
      "Stopping: Service hasn't stopped gracefully on timeout, aborting",
    ]);
  });
});
