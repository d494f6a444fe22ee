import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fastWipe } from '../../../src/blockdev/wipe';

const MiB = 1 << 20;
const dir = mkdtempSync(join(tmpdir(), 'wipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fastWipe', () => {
  it('zeros the first and last MiB and leaves the middle', async () => {
    const f = join(dir, 'disk');
    writeFileSync(f, Buffer.alloc(5 * MiB, 0xab));
    await fastWipe(f);
    const after = readFileSync(f);
    expect(after.length).toBe(5 * MiB);
    expect(after.subarray(0, MiB).every((b) => b === 0)).toBe(true);
    expect(after.subarray(4 * MiB).every((b) => b === 0)).toBe(true);
    expect(after.subarray(MiB, 4 * MiB).every((b) => b === 0xab)).toBe(true);
  });

  it('zeros all of a device smaller than 2 MiB', async () => {
    const f = join(dir, 'small');
    writeFileSync(f, Buffer.alloc(MiB + 4096, 0xcd));
    await fastWipe(f);
    expect(readFileSync(f).every((b) => b === 0)).toBe(true);
  });
});
