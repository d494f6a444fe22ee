// Restarts: a controller that throws is restarted after growing delays, each failure logged by the
// runtime with the controller's name; a clean reconcile or resetBackoff() starts the delays over.
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from '../../../src/controller-runtime/backoff';
import { FnController, harness, waitFor, type Harness } from './helpers';

const inputs = { namespace: 'ns', type: 'Inputs.test.dev' };

describe('Backoff', () => {
  it('doubles from the initial delay up to the ceiling and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 30_000 });
    const delays = Array.from({ length: 12 }, () => b.next());
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600, 30000, 30000, 30000]);
    b.reset();
    expect(b.next()).toBe(100);
  });

  it('defaults to 100 ms doubling to 30 s', () => {
    const b = new Backoff();
    expect(b.next()).toBe(100);
    expect(b.next()).toBe(200);
  });
});

describe('controller restarts', () => {
  let h: Harness | undefined;
  afterEach(() => h?.shutdown());

  it('restarts a failing controller with growing delays and logs each failure', async () => {
    h = harness({ backoff: { initialMs: 5, maxMs: 1000 } });
    let failures = 0;
    const c = new FnController({
      name: 'test.FlakyController',
      reconcile: () => {
        if (failures < 4) throw new Error(`boom ${++failures}`);
      },
    });
    h.runtime.register(c);
    h.start();
    await waitFor(() => c.runs === 5 && c.reconciles === 5, 'the fifth run to reconcile');

    const failed = h.logs().filter((l) => l.msg === 'controller failed');
    expect(failed.map((l) => l.restartInMs)).toEqual([5, 10, 20, 40]);
    expect(failed.map((l) => l.error)).toEqual(['boom 1', 'boom 2', 'boom 3', 'boom 4']);
    for (const l of failed) {
      expect(l.controller).toBe('test.FlakyController');
      expect(l.component).toBe('controller-runtime');
    }
  });

  it('starts the delays over after a clean reconcile', async () => {
    h = harness({ backoff: { initialMs: 5, maxMs: 1000 } });
    // Fails twice, reconciles cleanly once, then fails twice more on later wake-ups.
    const plan = ['fail', 'fail', 'ok', 'fail', 'fail'];
    let step = 0;
    const c = new FnController({
      name: 'test.RecoveringController',
      inputs: [{ ...inputs, kind: 'weak' }],
      reconcile: () => {
        const now = plan[step++] ?? 'ok';
        if (now === 'fail') throw new Error(`failure at step ${step}`);
      },
    });
    h.runtime.register(c);
    h.start();
    await waitFor(() => step === 3, 'the clean reconcile');
    // Waking it makes its loop call nextEvent again, which marks the previous reconcile clean.
    await h.state.create({ ...inputs, id: 'a', spec: 1 });
    await waitFor(() => step >= 6, 'two more failures and a recovery');
    const delays = h
      .logs()
      .filter((l) => l.msg === 'controller failed')
      .map((l) => l.restartInMs);
    expect(delays).toEqual([5, 10, 5, 10]);
  });

  it('resetBackoff() starts the delays over', async () => {
    h = harness({ backoff: { initialMs: 5, maxMs: 1000 } });
    let failures = 0;
    const c = new FnController({
      name: 'test.ResettingController',
      reconcile: (ctx) => {
        failures++;
        if (failures === 3) ctx.resetBackoff();
        if (failures <= 4) throw new Error('boom');
      },
    });
    h.runtime.register(c);
    h.start();
    await waitFor(() => c.runs === 5, 'the fifth run');
    const delays = h
      .logs()
      .filter((l) => l.msg === 'controller failed')
      .map((l) => l.restartInMs);
    expect(delays).toEqual([5, 10, 5, 10]);
  });

  it('stops waiting for a restart when aborted', async () => {
    h = harness({ backoff: { initialMs: 60_000 } });
    const c = new FnController({
      name: 'test.SlowRestart',
      reconcile: () => {
        throw new Error('boom');
      },
    });
    h.runtime.register(c);
    const { running } = h.start();
    await waitFor(() => h?.logs().some((l) => l.msg === 'controller failed'), 'the failure');
    let done = false;
    void running.then(() => (done = true));
    h.stop.abort();
    await waitFor(() => done, 'run to return');
    expect(c.runs).toBe(1);
  });
});
