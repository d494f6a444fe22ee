// Store semantics every implementation must keep (run here against MemoryState).
import { describe, expect, it } from 'vitest';
import {
  isConflictError,
  isNotFoundError,
  isOwnerConflictError,
  isPhaseConflictError,
  MemoryState,
  type State,
  type WatchEvent,
} from '../../../src/state';

const kind = { namespace: 'ns', type: 'Things.test.dev' };
const ptr = (id: string) => ({ ...kind, id });

async function take(it: AsyncIterable<WatchEvent>, n: number): Promise<WatchEvent[]> {
  const out: WatchEvent[] = [];
  for await (const e of it) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

export function stateConformance(name: string, make: () => State): void {
  describe(`${name}: COSI store semantics`, () => {
    it('creates, gets, lists in id order, and refuses duplicates', async () => {
      const s = make();
      await s.create({ ...ptr('b'), spec: 2 });
      const a = await s.create({ ...ptr('a'), spec: 1 });
      expect(a.metadata.version).toBe(1);
      expect((await s.get(ptr('a'))).spec).toBe(1);
      expect((await s.list(kind)).map((r) => r.metadata.id)).toEqual(['a', 'b']);
      await expect(s.create({ ...ptr('a'), spec: 3 })).rejects.toSatisfy(isConflictError);
      await expect(s.get(ptr('zz'))).rejects.toSatisfy(isNotFoundError);
    });

    it('updates only at the stored version and only by the owner', async () => {
      const s = make();
      const r = await s.create({ ...ptr('a'), spec: 1 }, { owner: 'ctrl' });
      const r2 = await s.update({ ...r, spec: 2 }, { owner: 'ctrl' });
      expect(r2.metadata.version).toBe(2);
      await expect(s.update({ ...r, spec: 3 }, { owner: 'ctrl' })).rejects.toSatisfy(isConflictError);
      await expect(s.update({ ...r2, spec: 3 }, { owner: 'other' })).rejects.toSatisfy(isOwnerConflictError);
      await expect(s.destroy(ptr('a'))).rejects.toSatisfy(isOwnerConflictError);
    });

    it('refuses destroy while finalizers remain; teardown moves the phase', async () => {
      const s = make();
      await s.create({ ...ptr('a'), spec: 1 });
      await s.addFinalizer(ptr('a'), 'f1');
      expect(await s.teardown(ptr('a'))).toBe(false);
      expect((await s.get(ptr('a'))).metadata.phase).toBe('tearingDown');
      await expect(s.modify(ptr('a'), () => 5)).rejects.toSatisfy(isPhaseConflictError);
      await expect(s.destroy(ptr('a'))).rejects.toSatisfy(isConflictError);
      await s.removeFinalizer(ptr('a'), 'f1');
      await s.destroy(ptr('a'));
      await expect(s.get(ptr('a'))).rejects.toSatisfy(isNotFoundError);
    });

    it('modify creates, then changes only when the spec changes', async () => {
      const s = make();
      const r1 = await s.modify<number>(ptr('a'), () => 1, { owner: 'o' });
      const same = await s.modify<number>(ptr('a'), (cur) => cur!, { owner: 'o' });
      expect(same.metadata.version).toBe(r1.metadata.version);
      const r2 = await s.modify<number>(ptr('a'), (cur) => cur! + 1, { owner: 'o' });
      expect(r2.metadata.version).toBe(2);
    });

    it('watches a kind with bootstrap contents, then changes, and resumes from a bookmark', async () => {
      const s = make();
      await s.create({ ...ptr('a'), spec: 1 });
      const ac = new AbortController();
      const events = take(s.watchKind(kind, ac.signal, { bootstrapContents: true }), 4);
      await new Promise((r) => setTimeout(r, 5));
      await s.create({ ...ptr('b'), spec: 2 });
      await s.destroy(ptr('a'));
      const got = await events;
      expect(got.map((e) => e.type)).toEqual(['created', 'bootstrapped', 'created', 'destroyed']);
      const bookmark = got[2]!.bookmark!;
      const resumed = await take(s.watchKind(kind, ac.signal, { startFromBookmark: bookmark }), 1);
      expect(resumed[0]).toMatchObject({ type: 'destroyed', resource: { metadata: { id: 'a' } } });
      ac.abort();
    });

    it('watches one resource: current state first, then its changes only', async () => {
      const s = make();
      const ac = new AbortController();
      const events = take(s.watch(ptr('a'), ac.signal), 3);
      await new Promise((r) => setTimeout(r, 5));
      await s.create({ ...ptr('other'), spec: 0 });
      await s.create({ ...ptr('a'), spec: 1 });
      await s.modify<number>(ptr('a'), () => 2);
      expect((await events).map((e) => e.type)).toEqual(['destroyed', 'created', 'updated']);
      ac.abort();
    });

    it('filters by labels and id', async () => {
      const s = make();
      await s.create({ ...ptr('a'), spec: 1, labels: { role: 'x' } });
      await s.create({ ...ptr('b'), spec: 1, labels: { role: 'y' } });
      expect(
        (await s.list(kind, { labels: [{ key: 'role', op: 'equal', values: ['y'] }] })).map(
          (r) => r.metadata.id,
        ),
      ).toEqual(['b']);
      expect(await s.list(kind, { labels: [{ key: 'role', op: 'exists', invert: true }] })).toEqual([]);
      expect((await s.list(kind, { idRegexp: /^a$/ })).map((r) => r.metadata.id)).toEqual(['a']);
    });
  });
}

stateConformance('MemoryState', () => new MemoryState());

describe('MemoryState history bound', () => {
  it('reports an overrun to a watcher that fell behind', async () => {
    const s = new MemoryState({ historyCapacity: 4 });
    await s.create({ ...ptr('a'), spec: 0 });
    const first = await take(s.watchKind(kind, new AbortController().signal, { tailEvents: 1 }), 1);
    const bookmark = first[0]!.bookmark!;
    for (let i = 1; i <= 10; i++) await s.modify<number>(ptr('a'), () => i);
    const after = await take(
      s.watchKind(kind, new AbortController().signal, { startFromBookmark: bookmark }),
      1,
    );
    expect(after[0]?.type).toBe('errored');
  });
});
