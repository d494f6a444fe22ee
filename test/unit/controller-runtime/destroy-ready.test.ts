// destroyReady inputs: only a resource tearing down with no finalizers left wakes the controller.
import { afterEach, describe, expect, it } from 'vitest';
import type { Input } from '../../../src/controller-runtime';
import { inputMatches } from '../../../src/controller-runtime/input-watch';
import type { Resource, ResourceMetadata, WatchEvent } from '../../../src/state';
import { FnController, harness, settle, waitFor, type Harness } from './helpers';

const kind = { namespace: 'ns', type: 'Leases.test.dev' };
const trigger = { namespace: 'ns', type: 'Triggers.test.dev' };

function event(md: Partial<ResourceMetadata>): WatchEvent {
  const metadata = { ...kind, id: 'a', phase: 'running', finalizers: [], ...md } as ResourceMetadata;
  const resource: Resource = { metadata, spec: 1 };
  return { type: 'updated', resource };
}

describe('inputMatches', () => {
  const ready: Input = { ...kind, kind: 'destroyReady' };
  it('passes destroyReady events only for tearing-down resources without finalizers', () => {
    expect(inputMatches(ready, event({}))).toBe(false);
    expect(inputMatches(ready, event({ phase: 'tearingDown', finalizers: ['f'] }))).toBe(false);
    expect(inputMatches(ready, event({ phase: 'tearingDown' }))).toBe(true);
  });
  it('filters by id when the input names one', () => {
    const one: Input = { ...kind, id: 'a', kind: 'weak' };
    expect(inputMatches(one, event({ id: 'a' }))).toBe(true);
    expect(inputMatches(one, event({ id: 'b' }))).toBe(false);
    expect(inputMatches({ ...kind, kind: 'strong' }, event({ id: 'b' }))).toBe(true);
  });
});

describe('destroyReady inputs', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('delivers a resource once it is tearing down with no finalizers, and nothing before', async () => {
    h = harness();
    const seen: string[][] = [];
    const c = new FnController({
      name: 'test.LeaseReaper',
      inputs: [
        { ...kind, kind: 'destroyReady' },
        { ...trigger, kind: 'weak' },
      ],
      outputs: [{ type: kind.type, kind: 'exclusive' }],
      reconcile: async (ctx) => {
        const ready = (await ctx.list(kind)).filter(
          (r) => r.metadata.phase === 'tearingDown' && r.metadata.finalizers.length === 0,
        );
        seen.push(ready.map((r) => r.metadata.id));
        for (const r of ready) await ctx.destroy(r.metadata);
      },
    });
    h.runtime.register(c);
    const owner = { owner: 'test.LeaseReaper' };
    const lease = { ...kind, id: 'a' };
    await h.state.create({ ...lease, spec: 1 }, owner);
    h.start();
    await waitFor(() => c.reconciles === 1, 'first reconcile');

    // Changes that leave the resource running, or held by a finalizer, do not wake the controller.
    await h.state.modify(lease, () => 2, owner);
    await h.state.addFinalizer(lease, 'holder');
    await h.state.teardown(lease, owner);
    await settle();
    expect(c.reconciles).toBe(1);
    await h.state.create({ ...trigger, id: 't', spec: 1 }); // a sentinel: this one does wake it
    await waitFor(() => c.reconciles === 2, 'sentinel reconcile');
    expect(seen).toEqual([[], []]);

    // The last finalizer goes: the controller is woken, sees it ready and destroys it.
    await h.state.removeFinalizer(lease, 'holder');
    await waitFor(() => seen.some((ids) => ids.includes('a')), 'destroy-ready delivery');
    await waitFor(() => h.state.list(kind).then((l) => l.length === 0), 'lease destroyed');
  });
});
