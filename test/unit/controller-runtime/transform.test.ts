// The generic transform controller end to end: one output per input, outputs of vanished inputs removed,
// input finalizers released only after the output is gone (waiting on other controllers' finalizers).
import { afterEach, describe, expect, it } from 'vitest';
import { TransformController, type TransformSettings } from '../../../src/controller-runtime';
import type { Resource } from '../../../src/state';
import { harness, waitFor, type Harness } from './helpers';

const input = { namespace: 'in', type: 'Numbers.test.dev' };
const output = { namespace: 'out', type: 'Doubles.test.dev' };
const NAME = 'test.DoubleController';

interface In {
  readonly n: number;
  readonly skip?: boolean;
}
interface Out {
  readonly doubled: number;
  readonly previous?: number;
}

function doubler(extra: Partial<TransformSettings<In, Out>> = {}): TransformController<In, Out> {
  return new TransformController<In, Out>({
    name: NAME,
    input,
    output,
    map: (r) => (r.spec.skip ? undefined : `d-${r.metadata.id}`),
    transform: (r, current) => ({ doubled: r.spec.n * 2, previous: current?.doubled }),
    ...extra,
  });
}

const outputs = (h: Harness): Promise<Resource<Out>[]> => h.state.list<Out>(output);
const exists = (h: Harness, id: string) =>
  h.state.get({ ...output, id }).then(
    () => true,
    () => false,
  );

describe('TransformController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('declares its input, a destroyReady input on its output, and an exclusive output', () => {
    h = harness(); // not started: shutdown is a no-op
    const c = doubler({ inputFinalizers: true });
    expect(c.inputs()).toEqual([
      { ...input, kind: 'strong' },
      { ...output, kind: 'destroyReady' },
    ]);
    expect(c.outputs()).toEqual([{ type: output.type, namespace: output.namespace, kind: 'exclusive' }]);
    expect(doubler().inputs()[0]?.kind).toBe('weak');
  });

  it('keeps one output per input, follows changes and removes outputs of vanished inputs', async () => {
    h = harness();
    h.runtime.register(doubler());
    h.start();
    await h.state.create({ ...input, id: '1', spec: { n: 1 } });
    await h.state.create({ ...input, id: '2', spec: { n: 2 } });
    await h.state.create({ ...input, id: '3', spec: { n: 3, skip: true } });
    await waitFor(async () => (await outputs(h)).length === 2, 'two outputs');
    expect((await outputs(h)).map((r) => [r.metadata.id, r.spec.doubled, r.metadata.owner])).toEqual([
      ['d-1', 2, NAME],
      ['d-2', 4, NAME],
    ]);

    await h.state.modify<In>({ ...input, id: '1' }, () => ({ n: 10 }));
    await waitFor(
      async () => (await h.state.get<Out>({ ...output, id: 'd-1' })).spec.doubled === 20,
      'update',
    );
    expect((await h.state.get<Out>({ ...output, id: 'd-1' })).spec.previous).toBe(2);

    await h.state.destroy({ ...input, id: '2' });
    await waitFor(async () => !(await exists(h, 'd-2')), 'output of destroyed input removed');
    await h.state.modify<In>({ ...input, id: '1' }, () => ({ n: 1, skip: true }));
    await waitFor(async () => (await outputs(h)).length === 0, 'output of skipped input removed');
  });

  it('holds a torn-down input with its finalizer until its output is destroyed', async () => {
    h = harness();
    h.runtime.register(doubler({ inputFinalizers: true }));
    h.start();
    const src = { ...input, id: '1' };
    const out = { ...output, id: 'd-1' };
    await h.state.create({ ...src, spec: { n: 1 } });
    await waitFor(async () => (await h.state.get(src)).metadata.finalizers.includes(NAME), 'input finalizer');
    await waitFor(() => exists(h, 'd-1'), 'output');

    // Another controller holds the output.
    await h.state.addFinalizer(out, 'test.Consumer');
    expect(await h.state.teardown(src)).toBe(false);
    await waitFor(async () => (await h.state.get(out)).metadata.phase === 'tearingDown', 'output torn down');
    expect((await h.state.get(src)).metadata.finalizers).toEqual([NAME]);

    // The consumer lets go: output destroyed (destroyReady wake-up), then the input finalizer released.
    await h.state.removeFinalizer(out, 'test.Consumer');
    await waitFor(async () => (await h.state.get(src)).metadata.finalizers.length === 0, 'input released');
    expect(await exists(h, 'd-1')).toBe(false);
    await h.state.destroy(src);
  });

  it('keeps the output while finalizerRemoval refuses', async () => {
    h = harness({ backoff: { initialMs: 5, maxMs: 20 } });
    let allow = false;
    h.runtime.register(
      doubler({
        inputFinalizers: true,
        finalizerRemoval: () => {
          if (!allow) throw new Error('not yet');
        },
      }),
    );
    h.start();
    const src = { ...input, id: '1' };
    await h.state.create({ ...src, spec: { n: 1 } });
    await waitFor(() => exists(h, 'd-1'), 'output');
    await waitFor(async () => (await h.state.get(src)).metadata.finalizers.includes(NAME), 'input finalizer');
    await h.state.teardown(src);
    await waitFor(
      () => h.logs().some((l) => l.controller === NAME && l.error?.includes('not yet')),
      'refusal',
    );
    expect(await exists(h, 'd-1')).toBe(true);
    allow = true;
    await waitFor(async () => (await h.state.get(src)).metadata.finalizers.length === 0, 'input released');
    expect(await exists(h, 'd-1')).toBe(false);
  });
});
