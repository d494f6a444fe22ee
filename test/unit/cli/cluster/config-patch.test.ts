// Config patches of `cluster create`: strategic merge (maps merged, lists appended, `$patch: delete`,
// documents matched by kind and name or added), RFC 6902 JSON patches (one-document configs only, as
// Talos), @file and bare file names, and clear errors for malformed patches.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyConfigPatches,
  ConfigPatchError,
  loadConfigPatch,
  parseConfigPatch,
} from '../../../../src/cli/cluster/config-patch';

const CONFIG = `version: v1alpha1
machine:
  type: controlplane
  certSANs: [a.example]
  kubelet:
    image: k:1
    extraArgs:
      v: "2"
cluster:
  clusterName: demo
---
apiVersion: v1alpha1
kind: HostnameConfig
auto: stable
`;

const docs = (text: string): Record<string, unknown>[] =>
  parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

describe('strategic merge patches', () => {
  it('merges maps, appends to lists, replaces scalars and keeps the other documents', () => {
    const out = docs(
      applyConfigPatches(CONFIG, [
        parseConfigPatch('machine:\n  certSANs: [b.example]\n  kubelet:\n    extraArgs:\n      x: "1"\n'),
        parseConfigPatch('cluster:\n  clusterName: other\n'),
      ]),
    );
    expect(out).toHaveLength(2);
    const m = out[0]!.machine as Record<string, unknown>;
    expect(m.certSANs).toEqual(['a.example', 'b.example']);
    expect(m.kubelet).toEqual({ image: 'k:1', extraArgs: { v: '2', x: '1' } });
    expect(out[0]!.cluster).toEqual({ clusterName: 'other' });
    expect(out[1]).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  });

  it('deletes a value or a whole document with $patch: delete, and adds unmatched documents', () => {
    const out = docs(
      applyConfigPatches(CONFIG, [
        parseConfigPatch(
          'machine:\n  kubelet:\n    extraArgs:\n      $patch: delete\n---\napiVersion: v1alpha1\nkind: HostnameConfig\n$patch: delete\n---\napiVersion: v1alpha1\nkind: TCPProbeConfig\nname: p\nendpoint: 1.2.3.4:80\n',
        ),
      ]),
    );
    expect((out[0]!.machine as Record<string, unknown>).kubelet).toEqual({ image: 'k:1' });
    expect(out.map((d) => d.kind)).toEqual([undefined, 'TCPProbeConfig']);
  });

  it('leaves the text alone without patches', () => {
    expect(applyConfigPatches(CONFIG, [])).toBe(CONFIG);
  });
});

describe('JSON patches', () => {
  const single = CONFIG.split('---')[0]!;

  it('applies add, replace, remove, copy, move and test to a one-document config', () => {
    const patch = parseConfigPatch(
      JSON.stringify([
        { op: 'add', path: '/machine/certSANs/-', value: 'c.example' },
        { op: 'replace', path: '/machine/kubelet/image', value: 'k:2' },
        { op: 'copy', from: '/cluster/clusterName', path: '/machine/note' },
        { op: 'move', from: '/machine/kubelet/extraArgs', path: '/machine/args' },
        { op: 'remove', path: '/machine/type' },
        { op: 'test', path: '/machine/note', value: 'demo' },
      ]),
    );
    expect(patch.kind).toBe('json6902');
    const m = docs(applyConfigPatches(single, [patch]))[0]!.machine as Record<string, unknown>;
    expect(m).toEqual({
      certSANs: ['a.example', 'c.example'],
      kubelet: { image: 'k:2' },
      note: 'demo',
      args: { v: '2' },
    });
  });

  it('takes YAML operations too, and refuses a multi-document config as Talos does', () => {
    const patch = parseConfigPatch('- op: add\n  path: /debug\n  value: true\n');
    expect(docs(applyConfigPatches(single, [patch]))[0]!.debug).toBe(true);
    expect(() => applyConfigPatches(CONFIG, [patch])).toThrow(
      'JSON6902 patches are not supported for multi-document machine configuration',
    );
  });

  it('names the failing operation', () => {
    const failing = parseConfigPatch('[{"op": "test", "path": "/machine/type", "value": "worker"}]');
    expect(() => applyConfigPatches(single, [failing])).toThrow('inline patch: test of /machine/type failed');
    const missing = parseConfigPatch('[{"op": "remove", "path": "/machine/nope/x"}]');
    expect(() => applyConfigPatches(single, [missing])).toThrow('/machine/nope/x: no such path');
  });
});

describe('malformed patches', () => {
  it.each([
    ['machine: [unclosed', /inline patch: /],
    ['- just\n- a list\n', /JSON patch operation 0 needs "op" and "path"/],
    ['[{"op": "frobnicate", "path": "/a"}]', /unknown JSON patch operation "frobnicate"/],
    ['foo: bar\n', /a document needs "kind", or "machine"\/"cluster" for v1alpha1/],
    ['"just a string here"', /a patch document must be a mapping/],
  ])('%j is refused', (text, message) => {
    expect(() => parseConfigPatch(text)).toThrow(ConfigPatchError);
    expect(() => parseConfigPatch(text)).toThrow(message);
  });
});

describe('patch files', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-patch-'));
    await writeFile(join(dir, 'p.yaml'), 'machine:\n  certSANs: [f.example]\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads @file and a bare file name; a missing file is named', async () => {
    for (const v of [`@${join(dir, 'p.yaml')}`, join(dir, 'p.yaml')]) {
      const p = await loadConfigPatch(v);
      expect(p).toMatchObject({ kind: 'strategic', documents: [{ machine: { certSANs: ['f.example'] } }] });
    }
    await expect(loadConfigPatch(`@${join(dir, 'none.yaml')}`)).rejects.toThrow(
      `cannot read patch file ${join(dir, 'none.yaml')}: ENOENT`,
    );
    // inline text with a space is a patch, not a file name
    expect((await loadConfigPatch('machine: {certSANs: [i.example]}')).kind).toBe('strategic');
  });
});
