import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_INTERVAL_MS, RestartRunner } from '../../../src/system/restart-runner';
import type { ServiceState } from '../../../src/system/service';
import { FakeRunner, waitFor } from './helpers';

function recorder(): { events: string[]; record: (s: ServiceState, m: string) => void } {
  const events: string[] = [];
  return { events, record: (s, m) => events.push(`${s}: ${m}`) };
}

describe('RestartRunner', () => {
  it('runs once and passes the outcome through (Once)', async () => {
    const inner = new FakeRunner('x');
    const r = new RestartRunner(inner, { policy: 'Once', restartIntervalMs: 1 });
    const { events, record } = recorder();
    const run = r.run(() => undefined, record);
    inner.finish(new Error('boom'));
    await expect(run).rejects.toThrow('boom');
    expect(inner.runs).toBe(1);
    expect(events).toEqual([]);
    expect(r.describe()).toBe('Restart(Once, Fake("x"))');
  });

  it('restarts until it succeeds (UntilSuccess), pausing between runs', async () => {
    const inner = new FakeRunner('x');
    const r = new RestartRunner(inner, { policy: 'UntilSuccess', restartIntervalMs: 60 });
    const { events, record } = recorder();
    let runningCalls = 0;
    const run = r.run(() => void runningCalls++, record);
    inner.finish(new Error('e1'));
    const failedAt = Date.now();
    await waitFor(() => inner.runs === 2 && inner.active, 'second run');
    expect(Date.now() - failedAt).toBeGreaterThanOrEqual(55);
    inner.finish(new Error('e2'));
    await waitFor(() => inner.runs === 3 && inner.active, 'third run');
    inner.finish();
    await run;
    expect(runningCalls).toBe(3);
    expect(events).toEqual([
      'Waiting: Error running Fake("x"), going to restart until it succeeds: e1',
      'Waiting: Error running Fake("x"), going to restart until it succeeds: e2',
    ]);
  });

  it('restarts forever, after a clean exit too, until stopped', async () => {
    const inner = new FakeRunner('x');
    const r = new RestartRunner(inner, { restartIntervalMs: 10_000 });
    expect(r.policy).toBe('Forever');
    const { events, record } = recorder();
    const run = r.run(() => undefined, record);
    inner.finish();
    await waitFor(() => events.length === 1, 'restart event');
    // Stopped during the pause: the restart sequence is aborted and the run ends cleanly.
    await r.stop();
    await run;
    expect(inner.runs).toBe(1);
    expect(events).toEqual([
      'Waiting: Runner Fake("x") exited without error, going to restart it',
      'Stopping: Aborting restart sequence',
    ]);
  });

  it('stops the wrapped runner while it runs', async () => {
    const inner = new FakeRunner('x');
    const r = new RestartRunner(inner, { restartIntervalMs: 1 });
    const run = r.run(() => undefined);
    await waitFor(() => inner.active, 'running');
    await r.stop();
    await run;
    expect(inner.runs).toBe(1);
    expect(inner.stops).toBe(1);
  });

  it('pauses 5 s by default', () => {
    expect(DEFAULT_RESTART_INTERVAL_MS).toBe(5_000);
  });
});
