import { describe, expect, it } from 'vitest';
import { HealthState, runHealthChecks, ZERO_TIME, type HealthChange } from '../../../src/system/health';
import { waitFor } from './helpers';

describe('HealthState', () => {
  it('announces changes of healthy only, keeping the time of the last change', () => {
    const h = new HealthState();
    expect(h.get()).toEqual({ unknown: true, healthy: false, lastMessage: '', lastChange: ZERO_TIME });
    expect(ZERO_TIME.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    const changes: HealthChange[] = [];
    h.subscribe((c) => changes.push(c));
    h.init(new Date(1000));
    expect(h.get()).toMatchObject({ unknown: true, lastMessage: 'Unknown' });
    h.update(false, 'a', new Date(2000));
    h.update(false, 'b', new Date(3000));
    h.update(true, '', new Date(4000));
    expect(changes.map((c) => [c.old.unknown, c.new.healthy, c.new.lastMessage])).toEqual([
      [true, false, 'a'],
      [false, true, ''],
    ]);
    h.update(true, 'still', new Date(5000));
    expect(h.get()).toEqual({
      unknown: false,
      healthy: true,
      lastMessage: 'still',
      lastChange: new Date(4000),
    });
  });
});

describe('runHealthChecks', () => {
  it('waits the initial delay, checks every period, bounds each check by the timeout', async () => {
    const state = new HealthState();
    const abort = new AbortController();
    const times: number[] = [];
    let hang = false;
    const started = Date.now();
    const loop = runHealthChecks(
      { initialDelayMs: 80, periodMs: 30, timeoutMs: 40 },
      state,
      async () => {
        times.push(Date.now() - started);
        if (hang) await new Promise(() => undefined);
      },
      abort.signal,
    );
    expect(state.get()).toMatchObject({ unknown: true, lastMessage: 'Unknown' });
    await waitFor(() => state.get().healthy, 'healthy');
    expect(times[0]).toBeGreaterThanOrEqual(75);
    await waitFor(() => times.length >= 3, 'three checks');
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(25);
    hang = true;
    await waitFor(() => !state.get().healthy, 'timed out');
    expect(state.get().lastMessage).toBe('context deadline exceeded');
    abort.abort();
    await loop;
    const count = times.length;
    await new Promise((r) => setTimeout(r, 80));
    expect(times).toHaveLength(count);
  });
});
