// The shapes built on the transform controller and the merge controller: one output from one input
// resource (by id) while a function gives a spec; an output left as it is while the transform waits;
// many resources merged into one.
import { afterEach, describe, expect, it } from 'vitest';
import {
  derivedController,
  MergeController,
  singletonTransform,
  TransformController,
} from '../../../src/controller-runtime';
import { harness, waitFor, type Harness } from './helpers';

const INPUT = { namespace: 'in', type: 'Configs.test.dev', id: 'active' };
const OUTPUT = { namespace: 'out', type: 'Derived.test.dev', id: 'one' };
const other = { ...INPUT, id: 'other' };

interface In {
  readonly n: number;
}
interface Out {
  readonly value: number;
}

const spec = (h: Harness) =>
  h.state.get<Out>(OUTPUT).then(
    (r) => r.spec.value,
    () => undefined,
  );

describe('derivedController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('reads its input by id, and keeps an output only while derive gives a spec', async () => {
    const Doubled = derivedController<In, Out>('test.Doubled', INPUT, OUTPUT, (s) =>
      s.n < 0 ? undefined : { value: s.n * 2 },
    );
    const c = new Doubled();
    expect(c.name).toBe('test.Doubled');
    expect(c.inputs()[0]).toEqual({ ...INPUT, kind: 'weak' });
    h = harness();
    h.runtime.register(c);
    h.start();
    await h.state.create({ ...other, spec: { n: 100 } });
    await h.state.create({ ...INPUT, spec: { n: 2 } });
    await waitFor(async () => (await spec(h)) === 4, 'derived output');
    await h.state.modify<In>(INPUT, () => ({ n: -1 }));
    await waitFor(async () => (await spec(h)) === undefined, 'output removed when derive gives none');
    await h.state.modify<In>(INPUT, () => ({ n: 5 }));
    await waitFor(async () => (await spec(h)) === 10, 'output back');
    await h.state.destroy(INPUT);
    await waitFor(async () => (await spec(h)) === undefined, 'output removed with its input');
    expect(await h.state.list(OUTPUT)).toEqual([]);
  });
});

describe('a transform that waits', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('leaves the output as it is (or absent) while transform gives undefined', async () => {
    let ready = false;
    h = harness();
    h.runtime.register(
      new TransformController<In, Out>(
        singletonTransform({
          name: 'test.Waiting',
          input: INPUT,
          output: OUTPUT,
          transform: (r) => (ready ? { value: r.spec.n } : undefined),
        }),
      ),
    );
    h.start();
    await h.state.create({ ...INPUT, spec: { n: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(await spec(h)).toBeUndefined();
    ready = true;
    await h.state.modify<In>(INPUT, () => ({ n: 2 }));
    await waitFor(async () => (await spec(h)) === 2, 'output once ready');
    ready = false;
    await h.state.modify<In>(INPUT, () => ({ n: 3 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(await spec(h)).toBe(2);
  });
});

describe('MergeController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('merges the running resources of a kind into one output, removed when the merge gives none', async () => {
    const layers = { namespace: 'layers', type: 'Numbers.test.dev' };
    h = harness();
    h.runtime.register(
      new MergeController<In>({
        name: 'test.Sum',
        input: layers,
        output: { namespace: 'merged', type: layers.type, id: 'sum' },
        outputKind: 'shared',
        merge: (specs) => (specs.length === 0 ? undefined : { n: specs.reduce((a, s) => a + s.n, 0) }),
      }),
    );
    h.start();
    const sum = () =>
      h.state.get<In>({ namespace: 'merged', type: layers.type, id: 'sum' }).then(
        (r) => r.spec.n,
        () => undefined,
      );
    await h.state.create({ ...layers, id: 'a', spec: { n: 1 } });
    await h.state.create({ ...layers, id: 'b', spec: { n: 2 } });
    await waitFor(async () => (await sum()) === 3, 'sum of two');
    await h.state.destroy({ ...layers, id: 'a' });
    await waitFor(async () => (await sum()) === 2, 'sum of one');
    await h.state.destroy({ ...layers, id: 'b' });
    await waitFor(async () => (await sum()) === undefined, 'no merge, no output');
  });
});
