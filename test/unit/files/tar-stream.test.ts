// The Copy tar stream read back by GNU tar: names (a long one through PAX), kinds, link targets and
// contents equal to the tree the test made; a socket is skipped with its reason. And Go's file modes.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { goFileMode } from '../../../src/apps/machined/api/files-api';
import { tarStream } from '../../../src/files/tar-stream';
import { walkTree } from '../../../src/files/tree-walk';

const dir = mkdtempSync(join(tmpdir(), 'tar-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tar stream', () => {
  it('is read back by tar as the tree it was made from', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'a/b'), { recursive: true });
    writeFileSync(join(src, 'a/b/data'), Buffer.alloc(70_000, 9));
    const long = `${'x'.repeat(150)}.txt`;
    writeFileSync(join(src, long), 'long');
    symlinkSync('a/b/data', join(src, 'link'));
    const sock = createServer();
    await new Promise<void>((r) => sock.listen(join(src, 'sock'), r));
    const errors: string[] = [];
    const chunks: Buffer[] = [];
    for await (const c of tarStream(walkTree(src, lstatSync(src), { maxDepth: -1 }), {
      onError: (p, reason) => errors.push(`${p}: ${reason}`),
    }))
      chunks.push(c);
    sock.close();
    expect(errors).toEqual([`${join(src, 'sock')}: archive/tar: sockets not supported`]);
    const out = join(dir, 'out');
    mkdirSync(out);
    execFileSync('tar', ['-xf', '-', '-C', out], { input: Buffer.concat(chunks) });
    expect(readFileSync(join(out, 'a/b/data'))).toEqual(readFileSync(join(src, 'a/b/data')));
    expect(readFileSync(join(out, long), 'utf8')).toBe('long');
    expect(lstatSync(join(out, 'link')).isSymbolicLink()).toBe(true);
    const listing = execFileSync('tar', ['-tf', '-'], { input: Buffer.concat(chunks), encoding: 'utf8' });
    expect(listing.trim().split('\n')).toEqual(['a/', 'a/b/', 'a/b/data', 'link', long]);
  });

  it("gives Go's os.FileMode bits", () => {
    expect(goFileMode(0o040755)).toBe((2 ** 31 + 0o755) >>> 0);
    expect(goFileMode(0o120777)).toBe(2 ** 27 + 0o777);
    expect(goFileMode(0o100644)).toBe(0o644);
    expect(goFileMode(0o020620)).toBe(2 ** 26 + 2 ** 21 + 0o620);
    expect(goFileMode(0o104755)).toBe(2 ** 23 + 0o755);
  });
});
