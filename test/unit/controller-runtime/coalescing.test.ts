// Wake-ups: the first nextEvent resolves at once, a burst of input changes is one (or very few) reconciles,
// and the reconcile after the burst sees the last state.
import { afterEach, describe, expect, it } from 'vitest';
import { FnController, harness, settle, waitFor, type Harness } from './helpers';

const inputs = { namespace: 'ns', type: 'Inputs.test.dev' };
const other = { namespace: 'ns', type: 'Unrelated.test.dev' };

describe('controller wake-ups', () => {
  let h: Harness | undefined;
  afterEach(() => h?.shutdown());

  it('reconciles once on start without any input change', async () => {
    h = harness();
    const c = new FnController({ name: 'test.StartController', inputs: [{ ...inputs, kind: 'weak' }] });
    h.runtime.register(c);
    h.start();
    await waitFor(() => c.reconciles === 1, 'first reconcile');
    await settle();
    expect(c.reconciles).toBe(1);
  });

  it('coalesces a burst of 100 changes and sees the last one', async () => {
    h = harness();
    const seen: number[] = [];
    const c = new FnController({
      name: 'test.BurstController',
      inputs: [{ ...inputs, kind: 'weak' }],
      reconcile: async (ctx) => {
        const list = await ctx.list<number>(inputs);
        seen.push(list[0]?.spec ?? -1);
      },
    });
    h.runtime.register(c);
    h.start();
    await waitFor(() => c.reconciles === 1, 'first reconcile');

    const { state } = h;
    for (let i = 1; i <= 100; i++) await state.modify<number>({ ...inputs, id: 'x' }, () => i);

    await waitFor(() => seen.at(-1) === 100, 'a reconcile that sees the last change');
    await settle();
    expect(seen.at(-1)).toBe(100);
    expect(c.reconciles).toBeLessThan(10);
  });

  it('is not woken by kinds it does not read, nor by other ids of an id-bound input', async () => {
    h = harness();
    const c = new FnController({
      name: 'test.IdController',
      inputs: [{ ...inputs, id: 'mine', kind: 'weak' }],
    });
    h.runtime.register(c);
    // A second controller keeps a watch open on `other` so its events exist in the runtime.
    h.runtime.register(new FnController({ name: 'test.OtherReader', inputs: [{ ...other, kind: 'weak' }] }));
    h.start();
    await waitFor(() => c.reconciles === 1, 'first reconcile');
    await h.state.create({ ...other, id: 'a', spec: 1 });
    await h.state.create({ ...inputs, id: 'not-mine', spec: 1 });
    await settle();
    expect(c.reconciles).toBe(1);
    await h.state.create({ ...inputs, id: 'mine', spec: 1 });
    await waitFor(() => c.reconciles === 2, 'reconcile for its own id');
  });
});
