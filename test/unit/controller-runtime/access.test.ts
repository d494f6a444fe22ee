// Input/output enforcement: reads limited to declared inputs (and outputs), writes to declared outputs
// made as the controller, finalizers on strong inputs only.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InputNotDeclaredError,
  isInputNotDeclaredError,
  isOutputNotDeclaredError,
  OutputNotDeclaredError,
  type ControllerContext,
} from '../../../src/controller-runtime';
import { isOwnerConflictError } from '../../../src/state';
import { FnController, harness, waitFor, type Harness } from './helpers';

const weak = { namespace: 'ns', type: 'Weak.test.dev' };
const strong = { namespace: 'ns', type: 'Strong.test.dev' };
const single = { namespace: 'ns', type: 'Single.test.dev' };
const undeclared = { namespace: 'ns', type: 'Undeclared.test.dev' };
const out = { namespace: 'out', type: 'Outputs.test.dev' };
const shared = { namespace: 'out', type: 'Shared.test.dev' };

describe('controller context access', () => {
  let h: Harness;
  let ctx: ControllerContext;
  let peer: ControllerContext;

  beforeEach(async () => {
    h = harness();
    const c = new FnController({
      name: 'test.AccessController',
      inputs: [
        { ...weak, kind: 'weak' },
        { ...strong, kind: 'strong' },
        { ...single, id: 'only', kind: 'weak' },
      ],
      outputs: [
        { type: out.type, kind: 'exclusive' },
        { type: shared.type, kind: 'shared' },
      ],
    });
    const p = new FnController({
      name: 'test.PeerController',
      outputs: [{ type: shared.type, kind: 'shared' }],
    });
    h.runtime.register(c);
    h.runtime.register(p);
    h.start();
    ctx = await waitFor(() => c.ctx, 'controller context');
    peer = await waitFor(() => p.ctx, 'peer context');
    for (const k of [weak, strong, undeclared]) await h.state.create({ ...k, id: 'a', spec: 1 });
    await h.state.create({ ...single, id: 'only', spec: 1 });
    await h.state.create({ ...single, id: 'other', spec: 1 });
  });
  afterEach(() => h.shutdown());

  it('reads declared inputs and outputs', async () => {
    expect((await ctx.get({ ...weak, id: 'a' })).spec).toBe(1);
    expect(await ctx.list(strong)).toHaveLength(1);
    expect((await ctx.get({ ...single, id: 'only' })).spec).toBe(1);
    expect(await ctx.list(out)).toEqual([]);
  });

  it('refuses reads of undeclared kinds with InputNotDeclaredError', async () => {
    await expect(ctx.get({ ...undeclared, id: 'a' })).rejects.toSatisfy(isInputNotDeclaredError);
    await expect(ctx.list(undeclared)).rejects.toSatisfy(isInputNotDeclaredError);
    await expect(ctx.list({ ...weak, namespace: 'elsewhere' })).rejects.toSatisfy(isInputNotDeclaredError);
    const signal = new AbortController().signal;
    expect(() => ctx.watch({ ...undeclared, id: 'a' }, signal)).toThrow(InputNotDeclaredError);
    expect(() => ctx.watchKind(undeclared, signal)).toThrow(InputNotDeclaredError);
  });

  it('limits an id-bound input to that id (no list, no other id)', async () => {
    await expect(ctx.get({ ...single, id: 'other' })).rejects.toSatisfy(isInputNotDeclaredError);
    await expect(ctx.list(single)).rejects.toSatisfy(isInputNotDeclaredError);
    expect(() => ctx.watchKind(single, new AbortController().signal)).toThrow(InputNotDeclaredError);
  });

  it('refuses every kind of write to an undeclared type with OutputNotDeclaredError', async () => {
    const p = { ...weak, id: 'a' };
    const current = await h.state.get(p);
    await expect(ctx.create({ ...weak, id: 'b', spec: 1 })).rejects.toSatisfy(isOutputNotDeclaredError);
    await expect(ctx.update(current)).rejects.toSatisfy(isOutputNotDeclaredError);
    await expect(ctx.modify(p, () => 2)).rejects.toSatisfy(isOutputNotDeclaredError);
    await expect(ctx.teardown(p)).rejects.toSatisfy(isOutputNotDeclaredError);
    await expect(ctx.destroy(p)).rejects.toBeInstanceOf(OutputNotDeclaredError);
    expect((await h.state.get(p)).metadata.version).toBe(current.metadata.version);
  });

  it('writes outputs as the controller', async () => {
    const created = await ctx.create({ ...out, id: 'c', spec: 1 });
    expect(created.metadata.owner).toBe('test.AccessController');
    const modified = await ctx.modify<number>({ ...out, id: 'm' }, () => 2);
    expect(modified.metadata.owner).toBe('test.AccessController');
    const updated = await ctx.update({ ...created, spec: 3 });
    expect(updated.spec).toBe(3);
    expect(await ctx.teardown(created.metadata)).toBe(true);
    await ctx.destroy(created.metadata);
    expect(await h.state.list(out)).toHaveLength(1);
  });

  it('checks ownership of shared outputs per resource', async () => {
    await ctx.modify({ ...shared, id: 'mine' }, () => 1);
    await peer.modify({ ...shared, id: 'theirs' }, () => 1);
    await expect(ctx.modify({ ...shared, id: 'theirs' }, () => 2)).rejects.toSatisfy(isOwnerConflictError);
    await expect(peer.teardown({ ...shared, id: 'mine' })).rejects.toSatisfy(isOwnerConflictError);
    const owners = (await h.state.list(shared)).map((r) => [r.metadata.id, r.metadata.owner]);
    expect(owners).toEqual([
      ['mine', 'test.AccessController'],
      ['theirs', 'test.PeerController'],
    ]);
  });

  it('changes finalizers on strong inputs only', async () => {
    await ctx.addFinalizer({ ...strong, id: 'a' }, 'f');
    expect((await h.state.get({ ...strong, id: 'a' })).metadata.finalizers).toEqual(['f']);
    await ctx.removeFinalizer({ ...strong, id: 'a' }, 'f');
    expect((await h.state.get({ ...strong, id: 'a' })).metadata.finalizers).toEqual([]);
    await ctx.removeFinalizer({ ...strong, id: 'gone' }, 'f'); // already destroyed: not an error
    const refused = ctx.addFinalizer({ ...weak, id: 'a' }, 'f');
    await expect(refused).rejects.toSatisfy(isInputNotDeclaredError);
    await expect(refused).rejects.toMatchObject({ access: 'finalizer' });
    await expect(ctx.addFinalizer({ ...undeclared, id: 'a' }, 'f')).rejects.toSatisfy(
      isInputNotDeclaredError,
    );
    expect((await h.state.get({ ...weak, id: 'a' })).metadata.finalizers).toEqual([]);
  });
});
