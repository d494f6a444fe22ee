// Output tracking: outputs a pass did not touch are torn down and destroyed; a destroy held by a finalizer
// waits, and the controller is woken to finish it once the finalizer is gone.
import { afterEach, describe, expect, it } from 'vitest';
import { isOutputTrackingError, type ControllerContext } from '../../../src/controller-runtime';
import { FnController, harness, waitFor, type Harness } from './helpers';

const inputs = { namespace: 'in', type: 'Sources.test.dev' };
const outputs = { namespace: 'out', type: 'Mirrors.test.dev' };
const NAME = 'test.MirrorController';

/** One output per input (same id, same spec), with output tracking. */
async function mirror(ctx: ControllerContext): Promise<void> {
  ctx.startTrackingOutputs();
  for (const r of await ctx.list<number>(inputs)) {
    await ctx.modify<number>({ ...outputs, id: r.metadata.id }, () => r.spec);
  }
  await ctx.cleanupOutputs();
}

function mirrorController(declareNamespace = false): FnController {
  return new FnController({
    name: NAME,
    inputs: [{ ...inputs, kind: 'weak' }],
    outputs: [
      { type: outputs.type, kind: 'shared', ...(declareNamespace ? { namespace: outputs.namespace } : {}) },
    ],
    reconcile: mirror,
  });
}

async function outputIds(h: Harness): Promise<string[]> {
  return (await h.state.list(outputs)).map((r) => r.metadata.id);
}

describe('output tracking and cleanup', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('removes outputs not touched in a pass and keeps the others and those of other owners', async () => {
    h = harness();
    h.runtime.register(mirrorController());
    h.runtime.register(
      new FnController({ name: 'test.Peer', outputs: [{ type: outputs.type, kind: 'shared' }] }),
    );
    h.start();
    for (const id of ['a', 'b', 'c']) await h.state.create({ ...inputs, id, spec: 1 });
    await waitFor(async () => (await outputIds(h)).length === 3, 'three outputs');
    await h.state.create({ ...outputs, id: 'peer', spec: 0 }, { owner: 'test.Peer' });

    await h.state.destroy({ ...inputs, id: 'b' });
    await waitFor(async () => (await outputIds(h)).join() === 'a,c,peer', 'output b removed');
    const a = await h.state.get({ ...outputs, id: 'a' });
    expect(a.metadata.version).toBe(1); // untouched outputs are not rewritten
  });

  it('cleans up outputs left from before in the declared namespace', async () => {
    h = harness();
    await h.state.create({ ...outputs, id: 'left-over', spec: 0 }, { owner: NAME });
    await h.state.create({ ...inputs, id: 'a', spec: 1 });
    h.runtime.register(mirrorController(true));
    h.start();
    await waitFor(async () => (await outputIds(h)).join() === 'a', 'left-over removed');
  });

  it('waits for finalizers before destroying, woken when they are removed', async () => {
    h = harness();
    const c = mirrorController();
    h.runtime.register(c);
    h.start();
    await h.state.create({ ...inputs, id: 'a', spec: 1 });
    const out = { ...outputs, id: 'a' };
    await waitFor(
      () =>
        h.state.get(out).then(
          () => true,
          () => false,
        ),
      'output a',
    );
    await h.state.addFinalizer(out, 'someone.else');

    await h.state.destroy({ ...inputs, id: 'a' });
    await waitFor(async () => (await h.state.get(out)).metadata.phase === 'tearingDown', 'output torn down');
    const wakes = c.reconciles;
    expect((await h.state.get(out)).metadata.finalizers).toEqual(['someone.else']);

    // No input changes: only the runtime's watch on the held output can wake the controller.
    await h.state.removeFinalizer(out, 'someone.else');
    await waitFor(async () => (await outputIds(h)).length === 0, 'output destroyed');
    expect(c.reconciles).toBeGreaterThan(wakes);
  });

  it('recreates an output whose input came back once its finalizer is gone', async () => {
    h = harness({ backoff: { initialMs: 5, maxMs: 20 } });
    h.runtime.register(mirrorController());
    h.start();
    await h.state.create({ ...inputs, id: 'a', spec: 1 });
    const out = { ...outputs, id: 'a' };
    await waitFor(
      () =>
        h.state.get(out).then(
          () => true,
          () => false,
        ),
      'output a',
    );
    await h.state.addFinalizer(out, 'someone.else');
    await h.state.destroy({ ...inputs, id: 'a' });
    await waitFor(async () => (await h.state.get(out)).metadata.phase === 'tearingDown', 'output torn down');

    await h.state.create({ ...inputs, id: 'a', spec: 2 });
    await h.state.removeFinalizer(out, 'someone.else');
    await waitFor(async () => {
      const r = await h.state.get<number>(out).catch(() => undefined);
      return r?.metadata.phase === 'running' && r.spec === 2;
    }, 'output a recreated');
  });

  it('refuses cleanupOutputs without startTrackingOutputs', async () => {
    h = harness();
    const c = new FnController({ name: NAME, outputs: [{ type: outputs.type, kind: 'exclusive' }] });
    h.runtime.register(c);
    h.start();
    const ctx = await waitFor(() => c.ctx, 'context');
    await expect(ctx.cleanupOutputs()).rejects.toSatisfy(isOutputTrackingError);
  });
});
