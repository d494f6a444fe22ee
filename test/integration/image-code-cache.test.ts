// The image's build of the agent (scripts/build.mjs --image): one CommonJS bundle run by its loader,
// start.cjs, with the V8 code cache that `talos-ts preload` records. The recording run goes through a
// maintenance boot on a random loopback address and leaves nothing behind; the loader takes a cache that
// fits, and falls back to compiling (saying so) on one that does not.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'image-code-cache-'));
const agent = join(work, 'agent');
const tmp = join(work, 'tmp');
const cache = join(agent, 'talos-ts.cjs.cache');

function node(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', TMPDIR: tmp, ...env },
  });
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--image', agent], { cwd: REPO, stdio: 'ignore' });
  execFileSync('mkdir', ['-p', tmp]);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the image agent and its code cache', () => {
  it('is one CommonJS bundle and its loader, with no dynamic import left, and its package list', () => {
    expect(readdirSync(agent).sort()).toEqual([
      'sbom.json',
      'start.cjs',
      'talos-ts.cjs',
      'talos-ts.cjs.LEGAL.txt',
    ]);
    const sbom = JSON.parse(readFileSync(join(agent, 'sbom.json'), 'utf8')) as Array<{ name: string }>;
    expect(sbom.map((p) => p.name)).toEqual(expect.arrayContaining(['talos-ts', '@grpc/grpc-js', 'yaml']));
    expect(readFileSync(join(agent, 'talos-ts.cjs'), 'utf8')).not.toMatch(/\bimport\(/);
  });

  it('records the cache through a maintenance boot and leaves no state behind', () => {
    const run = node([join(agent, 'start.cjs'), 'preload'], { TALOS_TS_RECORD_CODE_CACHE: '1' });
    expect(run.stderr).not.toMatch(/error|fatal/i);
    expect(run.status).toBe(0);
    // Loading alone caches about 1 MB here; the functions of the maintenance path add more.
    expect(statSync(cache).size).toBeGreaterThan(500_000);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('runs the agent with the recorded cache', () => {
    const run = node([join(agent, 'start.cjs'), 'help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: talos-ts <command>/);
    expect(run.stderr).toBe('');
  });

  it('compiles as usual, and says so, when the cache does not fit', () => {
    const recorded = readFileSync(cache);
    try {
      writeFileSync(cache, Buffer.from(recorded).fill(7, 0, 64));
      const run = node([join(agent, 'start.cjs'), 'help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^usage: talos-ts <command>/);
      expect(run.stderr).toContain('talos-ts.cjs.cache does not fit this Node.js; compiling');
    } finally {
      writeFileSync(cache, recorded);
    }
  });
});
