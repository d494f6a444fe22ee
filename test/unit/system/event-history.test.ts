import { describe, expect, it } from 'vitest';
import { EventHistory, MAX_EVENTS_TO_KEEP } from '../../../src/system/event-history';
import { RestartRunner } from '../../../src/system/restart-runner';
import { Supervisor } from '../../../src/system/supervisor';
import { context, FakeRunner, service, waitFor } from './helpers';

const event = (n: number) => ({ message: `e${n}`, state: 'Running' as const, timestamp: new Date() });

describe('EventHistory', () => {
  it('keeps the last 64 events, oldest first', () => {
    const h = new EventHistory();
    for (let i = 0; i < 100; i++) h.push(event(i));
    const kept = h.get();
    expect(MAX_EVENTS_TO_KEEP).toBe(64);
    expect(kept).toHaveLength(64);
    expect(kept[0]!.message).toBe('e36');
    expect(kept.at(-1)!.message).toBe('e99');
    expect(h.get(3).map((e) => e.message)).toEqual(['e97', 'e98', 'e99']);
    expect(h.discarded).toBe(36);
  });

  it('bounds a restarting service’s events to 64', async () => {
    const sup = new Supervisor(context());
    const inner = new FakeRunner('flappy');
    sup.load(service('flappy', { runner: new RestartRunner(inner, { restartIntervalMs: 1 }) }));
    await sup.start('flappy');
    for (let i = 0; i < 40; i++) {
      await waitFor(() => inner.active, 'inner running');
      inner.finish(new Error(`crash ${i}`));
    }
    await waitFor(() => inner.active, 'inner running');
    const events = sup.info('flappy')!.events;
    expect(events).toHaveLength(64);
    expect(events.at(-1)!.state).toBe('Running');
    expect(events.at(-2)!.message).toBe('Error running Fake("flappy"), going to restart forever: crash 39');
    await sup.stopAll();
  });
});
