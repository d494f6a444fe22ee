import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADV_DATA_LENGTH, decodeAdv } from '../../../src/blockdev/talos-adv';
import { metaKeyId, MetaStore } from '../../../src/install/meta-store';

const dir = mkdtempSync(join(tmpdir(), 'meta-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('MetaStore', () => {
  it('starts empty on a zeroed META, writes keys in place, and reads them back', async () => {
    const dev = join(dir, 'meta');
    writeFileSync(dev, Buffer.alloc(1 << 20));
    const m = await MetaStore.load(dev);
    expect(m.entries()).toEqual([]);
    expect(m.loadError).toContain('magic');
    expect(m.set(0x0a, Buffer.from('net'))).toBe(true);
    expect(m.set(6, Buffer.from('A'))).toBe(true);
    await m.flush();
    const data = readFileSync(dev);
    expect(data.length).toBe(1 << 20);
    expect(decodeAdv(data).tags.get(0x0a)).toEqual(Buffer.from('net'));
    const again = await MetaStore.load(dev);
    expect(again.entries().map(([t]) => t)).toEqual([6, 10]);
    expect(again.delete(6)).toBe(true);
    expect(again.delete(6)).toBe(false);
    await again.flush();
    expect((await MetaStore.load(dev)).get(6)).toBeUndefined();
  });

  it('refuses a value that overflows and keeps what it had', () => {
    const m = MetaStore.inMemory();
    m.set(1, Buffer.from('kept'));
    expect(m.set(2, Buffer.alloc(ADV_DATA_LENGTH))).toBe(false);
    expect(m.entries()).toEqual([[1, Buffer.from('kept')]]);
  });

  it('names keys as Talos does', () => {
    expect(metaKeyId(10)).toBe('0x0a');
    expect(metaKeyId(255)).toBe('0xff');
  });
});
