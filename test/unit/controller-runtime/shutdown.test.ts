// Clean shutdown: aborting the signal stops every controller (running, waiting, or in restart backoff),
// closes every watch the runtime opened, and `run` resolves.
import { describe, expect, it } from 'vitest';
import {
  MemoryState,
  type ListOptions,
  type NewResource,
  type Resource,
  type ResourceKind,
  type ResourcePointer,
  type State,
  type UpdateOptions,
  type WatchEvent,
  type WatchKindOptions,
  type WriteOptions,
} from '../../../src/state';
import { FnController, harness, waitFor } from './helpers';

/** A MemoryState that counts the watches currently open. */
class CountingState implements State {
  private readonly inner = new MemoryState();
  open = 0;
  opened = 0;

  get<S>(p: ResourcePointer): Promise<Resource<S>> {
    return this.inner.get<S>(p);
  }
  list<S>(kind: ResourceKind, opts?: ListOptions): Promise<Resource<S>[]> {
    return this.inner.list<S>(kind, opts);
  }
  create<S>(r: NewResource<S>, opts?: WriteOptions): Promise<Resource<S>> {
    return this.inner.create(r, opts);
  }
  update<S>(r: Resource<S>, opts?: UpdateOptions): Promise<Resource<S>> {
    return this.inner.update(r, opts);
  }
  modify<S>(
    p: ResourcePointer,
    fn: (current: S | undefined) => S,
    opts?: WriteOptions & { labels?: Record<string, string> },
  ): Promise<Resource<S>> {
    return this.inner.modify(p, fn, opts);
  }
  teardown(p: ResourcePointer, opts?: WriteOptions): Promise<boolean> {
    return this.inner.teardown(p, opts);
  }
  destroy(p: ResourcePointer, opts?: WriteOptions): Promise<void> {
    return this.inner.destroy(p, opts);
  }
  addFinalizer(p: ResourcePointer, ...f: string[]): Promise<void> {
    return this.inner.addFinalizer(p, ...f);
  }
  removeFinalizer(p: ResourcePointer, ...f: string[]): Promise<void> {
    return this.inner.removeFinalizer(p, ...f);
  }
  watch(p: ResourcePointer, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return this.counted(this.inner.watch(p, signal));
  }
  watchKind(kind: ResourceKind, signal: AbortSignal, opts?: WatchKindOptions): AsyncIterable<WatchEvent> {
    return this.counted(this.inner.watchKind(kind, signal, opts));
  }
  private async *counted(events: AsyncIterable<WatchEvent>): AsyncIterable<WatchEvent> {
    this.open++;
    this.opened++;
    try {
      yield* events;
    } finally {
      this.open--;
    }
  }
}

const inputs = { namespace: 'ns', type: 'Inputs.test.dev' };
const outputs = { namespace: 'ns', type: 'Outputs.test.dev' };

describe('shutdown', () => {
  it('stops every controller, closes every watch, and resolves run', async () => {
    const state = new CountingState();
    const h = harness({ backoff: { initialMs: 60_000 } }, state);
    const idle = new FnController({ name: 'test.Idle', inputs: [{ ...inputs, kind: 'weak' }] });
    const failing = new FnController({
      name: 'test.Failing',
      inputs: [{ ...inputs, kind: 'strong' }],
      reconcile: () => {
        throw new Error('boom');
      },
    });
    // Leaves an output torn down but held by a finalizer: the runtime watches it for the controller.
    const holder = new FnController({
      name: 'test.Holder',
      outputs: [{ type: outputs.type, kind: 'exclusive' }],
      reconcile: async (ctx) => {
        const out = { ...outputs, id: 'held' };
        if ((await ctx.list(outputs)).length === 0) {
          await ctx.modify(out, () => 1);
          await state.addFinalizer(out, 'someone.else');
        }
        ctx.startTrackingOutputs();
        await ctx.cleanupOutputs();
      },
    });
    for (const c of [idle, failing, holder]) h.runtime.register(c);
    const { running } = h.start();
    let finished = false;
    void running.then(() => (finished = true));

    await waitFor(() =>
      h.logs().some((l) => l.controller === 'test.Failing' && l.msg === 'controller failed'),
    );
    await waitFor(async () => (await state.get({ ...outputs, id: 'held' })).metadata.phase === 'tearingDown');
    expect(state.open).toBe(2); // the kind watch on the inputs + the held output's watch
    expect(finished).toBe(false);

    h.stop.abort();
    await waitFor(() => finished, 'run to resolve');
    expect(state.open).toBe(0);
    expect(failing.runs).toBe(1); // no restart after the abort
  });

  it('resolves at once when the signal already fired', async () => {
    const state = new CountingState();
    const h = harness({}, state);
    h.runtime.register(new FnController({ name: 'test.Idle', inputs: [{ ...inputs, kind: 'weak' }] }));
    h.stop.abort();
    await h.start().running;
    expect(state.open).toBe(0);
  });
});
