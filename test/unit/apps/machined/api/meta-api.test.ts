// MetaWrite/MetaDelete on metal: one-byte keys, written to the store and shown as MetaKeys resources;
// refused on the container platform, for keys over 255, and for a delete of a missing key.
import { describe, expect, it } from 'vitest';
import { metaApi } from '../../../../../src/apps/machined/api/meta-api';
import { MetaStore } from '../../../../../src/install/meta-store';
import { MetaKeyDefinition } from '../../../../../src/resources/runtime/meta-key';
import { MemoryState } from '../../../../../src/state';
import { grpcCode } from '../../../../harness/client';

type Fn = (req: unknown, ctx: unknown) => Promise<unknown>;
const call = (h: ReturnType<typeof metaApi>, method: string, req: unknown) =>
  (h[method as keyof typeof h] as unknown as Fn)(req, { signal: new AbortController().signal });
const kind = { namespace: 'runtime', type: MetaKeyDefinition.type };

describe('META RPCs', () => {
  it('writes and deletes keys, with their MetaKeys resources', async () => {
    const state = new MemoryState();
    const meta = MetaStore.inMemory();
    const h = metaApi('metal', state, meta);
    await call(h, 'MetaWrite', { key: 0x0c, value: Buffer.from('hello') });
    expect(meta.get(0x0c)).toEqual(Buffer.from('hello'));
    const [r] = await state.list<{ value: string }>(kind);
    expect(r?.metadata.id).toBe('0x0c');
    expect(r?.spec.value).toBe('hello');
    await call(h, 'MetaDelete', { key: 0x0c });
    expect(meta.get(0x0c)).toBeUndefined();
    expect(await state.list(kind)).toEqual([]);
    expect(grpcCode(await call(h, 'MetaDelete', { key: 0x0c }).catch((e: unknown) => e))).toBe(5);
  });

  it('refuses keys over 255 and the container platform', async () => {
    const state = new MemoryState();
    const h = metaApi('metal', state, MetaStore.inMemory());
    const e = await call(h, 'MetaWrite', { key: 256, value: Buffer.from('x') }).catch((x: unknown) => x);
    expect(grpcCode(e)).toBe(3);
    expect(String(e)).toContain('key must be a uint8');
    const c = metaApi('container', state, undefined);
    expect(grpcCode(await call(c, 'MetaWrite', { key: 1 }).catch((x: unknown) => x))).toBe(9);
    expect(await state.list(kind)).toEqual([]);
  });
});
