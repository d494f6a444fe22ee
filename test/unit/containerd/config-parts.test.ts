// The CRI config parts (/etc/cri/conf.d/*.part) merged over the base config: tables key by key, in
// name order, checked by containerd itself when it is installed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { criContainerdPaths, renderCRIConfig } from '../../../services/containerd-config';
import { ConfigPartError, mergeConfigParts } from '../../../src/containerd/config-parts';
import { requireFile } from '../../harness/tools';

const tmp = mkdtempSync(join(tmpdir(), 'config-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const BIN = '/usr/bin/containerd';

describe('CRI config parts', () => {
  it('merges the parts in name order, table by table', async () => {
    const dir = join(tmp, 'a');
    mkdirSync(dir);
    writeFileSync(
      join(dir, '20-custom.part'),
      '[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "x/pause:1"\n',
    );
    writeFileSync(
      join(dir, '01-registries.part'),
      '[plugins."io.containerd.grpc.v1.cri".registry]\n  config_path = "/h"\n[plugins."io.containerd.grpc.v1.cri".registry.configs."r.example".auth]\n  username = "u"\n',
    );
    writeFileSync(join(dir, 'ignored.toml'), 'not = [valid');
    const base =
      'version = 2\n[plugins."io.containerd.grpc.v1.cri"]\n  sandbox_image = "base"\n  [plugins."io.containerd.grpc.v1.cri".cni]\n    bin_dir = "/b"\n';
    const merged = parse(await mergeConfigParts(base, dir)) as Record<
      string,
      Record<string, Record<string, unknown>>
    >;
    const cri = merged['plugins']?.['io.containerd.grpc.v1.cri'] as Record<string, unknown>;
    expect(merged['version']).toBe(2);
    expect(cri['sandbox_image']).toBe('x/pause:1');
    expect(cri['cni']).toEqual({ bin_dir: '/b' });
    expect(cri['registry']).toEqual({
      config_path: '/h',
      configs: { 'r.example': { auth: { username: 'u' } } },
    });
  });

  it('returns the base as is without parts, and names a part that does not parse', async () => {
    expect(await mergeConfigParts('version = 2\n', join(tmp, 'missing'))).toBe('version = 2\n');
    const dir = join(tmp, 'bad');
    mkdirSync(dir);
    writeFileSync(join(dir, '10-bad.part'), '[plugins\n');
    await expect(mergeConfigParts('version = 2\n', dir)).rejects.toBeInstanceOf(ConfigPartError);
    await expect(mergeConfigParts('version = 2\n', dir)).rejects.toThrow(/10-bad\.part/);
  });

  it('gives a config containerd reads, with the registry hosts and the parts', async () => {
    requireFile(BIN, 'containerd');
    const root = join(tmp, 'root');
    mkdirSync(join(root, 'etc/cri/conf.d'), { recursive: true });
    writeFileSync(
      join(root, 'etc/cri/conf.d/01-registries.part'),
      '[plugins."io.containerd.grpc.v1.cri".registry.configs."r.example".auth]\n  username = "u"\n',
    );
    const file = join(tmp, 'cri.toml');
    writeFileSync(file, await renderCRIConfig(criContainerdPaths(root), root));
    const dump = execFileSync(BIN, ['--config', file, 'config', 'dump'], { encoding: 'utf8' });
    expect(dump).toContain(`config_path = "${root}/etc/cri/conf.d/hosts"`);
    expect(dump).toContain('sandbox_image = "registry.k8s.io/pause:3.10.1"');
    expect(dump).toContain(`bin_dir = "${root}/opt/cni/bin"`);
    expect(dump).toMatch(
      /\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\.configs\."r\.example"\.auth\]\s+auth = ""\s+identitytoken = ""\s+password = ""\s+username = "u"/,
    );
  });
});
