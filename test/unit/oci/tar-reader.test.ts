import { execFileSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeTar } from '../../../images/lib/tar.mjs';
import { isTarFormatError, readTar, readTarToMemory } from '../../../src/oci/tar-reader';
import { meta, record } from '../../fuzz/targets/oci';

const work = mkdtempSync(join(tmpdir(), 'tar-reader-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function* chunked(b: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield new Uint8Array(b.subarray(i, i + size));
}

const LONG_DIR = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}`;
const LONG_FILE = `${LONG_DIR}/file.txt`;
const UNSPLITTABLE = `dir/${'x'.repeat(120)}`;

function sample(): Buffer {
  return writeTar([
    { name: 'usr' },
    { name: 'usr/install/amd64/vmlinuz', data: Buffer.from('kernel bytes'), mode: 0o755 },
    { name: 'empty', data: Buffer.alloc(0) },
    { name: 'block', data: Buffer.alloc(512, 7) },
    { name: LONG_FILE, data: Buffer.from('deep') },
    { name: UNSPLITTABLE, data: Buffer.from('pax named') },
    { name: 'link', type: 'symlink', linkname: 'usr/install/amd64/vmlinuz' },
  ]);
}

describe('readTar', () => {
  it('bounds what global pax records hold together (they apply to the rest of the archive)', async () => {
    const globals = (count: number): Buffer[] =>
      Array.from({ length: count }, (_, i) => meta('g', record(`key${i}`, 'v'.repeat(100_000))));
    const fits = await readTarToMemory(Buffer.concat([...globals(10), sample()]));
    expect(fits.map((e) => e.header.name)).toContain('link');
    await expect(readTarToMemory(Buffer.concat([...globals(11), sample()]))).rejects.toMatchObject({
      name: 'TarFormatError',
      message: 'malformed tar archive: global extended headers too large',
    });
  });

  it('reads pax lengths and sizes as decimal digits only', async () => {
    for (const bad of ['0x10 path=a\n', ' 12 path=ab\n', '1e1 path=\n'])
      await expect(readTarToMemory(Buffer.concat([meta('x', bad), sample()]))).rejects.toMatchObject({
        name: 'TarFormatError',
      });
    await expect(
      readTarToMemory(Buffer.concat([meta('x', record('size', '1e1')), sample()])),
    ).rejects.toMatchObject({ message: 'malformed tar archive: bad pax size "1e1"' });
  });

  it('reads files, directories, long names (ustar prefix and pax path) and symlinks', async () => {
    const entries = await readTarToMemory(sample());
    expect(entries.map((e) => [e.header.name, e.header.type, e.data.toString()])).toEqual([
      ['usr', 'directory', ''],
      ['usr/install/amd64/vmlinuz', 'file', 'kernel bytes'],
      ['empty', 'file', ''],
      ['block', 'file', Buffer.alloc(512, 7).toString()],
      [LONG_FILE, 'file', 'deep'],
      [UNSPLITTABLE, 'file', 'pax named'],
      ['link', 'symlink', ''],
    ]);
    expect(entries[1]!.header.mode).toBe(0o755);
    expect(entries[6]!.header.linkname).toBe('usr/install/amd64/vmlinuz');
  });

  it('gives the same entries however the stream is chunked', async () => {
    const whole = await readTarToMemory(sample());
    for (const size of [1, 7, 511, 513, 4096]) {
      expect(await readTarToMemory(chunked(sample(), size))).toEqual(whole);
    }
  });

  it('skips bodies the consumer does not read, or reads only partly', async () => {
    const names: string[] = [];
    let partial = '';
    for await (const e of readTar(chunked(sample(), 100))) {
      names.push(e.name);
      if (e.name === 'block') {
        for await (const c of e.body) {
          partial = c.toString();
          break;
        }
      }
    }
    expect(names).toHaveLength(7);
    expect(names.at(-1)).toBe('link');
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(512);
    expect(partial).toBe(String.fromCharCode(7).repeat(partial.length));
  });

  it('reads what GNU tar writes in gnu and pax formats (long names, links)', async () => {
    const src = join(work, 'src');
    mkdirSync(join(src, LONG_DIR), { recursive: true });
    writeFileSync(join(src, LONG_FILE), 'deep');
    writeFileSync(join(src, 'a'), 'alpha');
    linkSync(join(src, 'a'), join(src, 'hard'));
    symlinkSync(`${'t'.repeat(150)}`, join(src, 'soft'));
    for (const format of ['gnu', 'pax']) {
      const archive = execFileSync('tar', [
        `--format=${format}`,
        '-C',
        src,
        '-cf',
        '-',
        'a',
        'hard',
        'soft',
        LONG_FILE,
      ]);
      const entries = await readTarToMemory(chunked(archive, 333));
      const byName = new Map(entries.map((e) => [e.header.name, e]));
      expect(byName.get('a')?.data.toString()).toBe('alpha');
      expect(byName.get('hard')?.header).toMatchObject({ type: 'hardlink', linkname: 'a' });
      expect(byName.get('soft')?.header).toMatchObject({ type: 'symlink', linkname: 't'.repeat(150) });
      expect(byName.get(LONG_FILE)?.data.toString()).toBe('deep');
    }
  });

  it('reads base-256 sizes', async () => {
    const archive = writeTar([{ name: 'f', data: Buffer.from('12345') }]);
    const size = Buffer.alloc(12);
    size[0] = 0x80;
    size[11] = 5;
    size.copy(archive, 124);
    archive.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of archive.subarray(0, 512)) sum += b;
    archive.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
    const [e] = await readTarToMemory(archive);
    expect(e!.data.toString()).toBe('12345');
  });

  it('refuses a header with a bad checksum, and a truncated entry', async () => {
    const bad = sample();
    bad[0] = 'x'.charCodeAt(0);
    const e1 = await readTarToMemory(bad).catch((e: unknown) => e);
    expect(isTarFormatError(e1)).toBe(true);
    expect((e1 as Error).message).toMatch(/checksum/);

    const truncated = sample().subarray(0, 512 * 3 + 5);
    const e2 = await readTarToMemory(chunked(truncated, 64)).catch((e: unknown) => e);
    expect(isTarFormatError(e2)).toBe(true);
    expect((e2 as Error).message).toMatch(/unexpected end/);
  });

  it('ends at the first zero block', async () => {
    const archive = Buffer.concat([
      writeTar([{ name: 'one', data: Buffer.from('1') }]),
      Buffer.from('garbage'),
    ]);
    expect((await readTarToMemory(archive)).map((e) => e.header.name)).toEqual(['one']);
  });
});
