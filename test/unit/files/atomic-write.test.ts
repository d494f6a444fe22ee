// Atomic writes: a new file gets the exact mode; a no-clobber write refuses an existing file, and of
// concurrent ones exactly one wins; an overwrite replaces the file in one step; no temporary is left.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FileExistsError,
  readFileIfExists,
  writeFileAtomic,
  writeFileIfChanged,
} from '../../../src/files/atomic-write';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atomic-write-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const mode = (p: string): number => statSync(p).mode & 0o777;
const leftovers = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic', () => {
  it('creates with exact mode, refuses existing files, replaces with overwrite', async () => {
    const p = join(dir, 'sub', 'f.txt');
    await writeFileAtomic(p, 'one', { mode: 0o640, overwrite: false });
    expect(readFileSync(p, 'utf8')).toBe('one');
    expect(mode(p)).toBe(0o640);
    await expect(writeFileAtomic(p, 'two', { overwrite: false })).rejects.toBeInstanceOf(FileExistsError);
    expect(readFileSync(p, 'utf8')).toBe('one');
    await writeFileAtomic(p, 'three', { overwrite: true });
    expect(readFileSync(p, 'utf8')).toBe('three');
    expect(mode(p)).toBe(0o600);
    expect(leftovers(join(dir, 'sub'))).toEqual([]);
  });

  it('of concurrent no-clobber writers exactly one wins and the file is never partial', async () => {
    const p = join(dir, 'race.txt');
    const payloads = Array.from({ length: 8 }, (_, i) => String(i).repeat(100_000));
    const results = await Promise.allSettled(
      payloads.map((d) => writeFileAtomic(p, d, { overwrite: false })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r) => r.status === 'rejected')
        .every((r) => r.status === 'rejected' && r.reason instanceof FileExistsError),
    ).toBe(true);
    expect(payloads).toContain(readFileSync(p, 'utf8'));
    expect(leftovers(dir)).toEqual([]);
  });

  it('overwriting replaces the file in one step (old inode untouched)', async () => {
    const p = join(dir, 'x');
    await writeFileAtomic(p, 'old', { overwrite: false });
    const before = statSync(p).ino;
    await writeFileAtomic(p, 'new', { overwrite: true });
    expect(statSync(p).ino).not.toBe(before);
    expect(readFileSync(p, 'utf8')).toBe('new');
  });
});

describe('writeFileIfChanged', () => {
  it('writes a new or different file, and leaves an identical one alone', async () => {
    const p = join(dir, 'manifests', 'pod.yaml');
    expect(await readFileIfExists(p)).toBeUndefined();
    expect(await writeFileIfChanged(p, 'a: 1\n')).toBe(true);
    const before = statSync(p).ino;
    expect(await writeFileIfChanged(p, 'a: 1\n')).toBe(false);
    expect(statSync(p).ino).toBe(before);
    expect(await writeFileIfChanged(p, 'a: 1\n', { mode: 0o644 })).toBe(true);
    expect(mode(p)).toBe(0o644);
    expect(await writeFileIfChanged(p, 'a: 2\n', { mode: 0o644 })).toBe(true);
    expect(readFileSync(p, 'utf8')).toBe('a: 2\n');
    expect(mode(join(dir, 'manifests'))).toBe(0o700 & ~process.umask());
    expect(leftovers(join(dir, 'manifests'))).toEqual([]);
  });
});
