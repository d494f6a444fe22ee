// The two containerd instances' paths, arguments and config files (checked by containerd itself when
// it is installed), and the service skipping itself without a binary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  criContainerdPaths,
  renderCRIBaseConfig,
  renderSystemConfig,
  socketForNamespace,
  systemContainerdPaths,
} from '../../../services/containerd-config';
import { containerdService, systemContainerdArgs } from '../../../services/containerd';
import { criContainerdArgs, criService } from '../../../services/cri';
import { Supervisor } from '../../../src/system';
import { context, waitFor } from '../system/helpers';
import { requireFile } from '../../harness/tools';

const BIN = process.env['TALOS_TS_CONTAINERD_BIN'] ?? '/usr/bin/containerd';
const tmp = mkdtempSync(join(tmpdir(), 'talos-ts-ctd-cfg-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('containerd paths', () => {
  it('puts the system instance under /system and the CRI one at containerd defaults, as Talos', () => {
    expect(systemContainerdPaths('/')).toEqual({
      config: '/etc/containerd/config.toml',
      root: '/system/var/lib/containerd',
      state: '/system/run/containerd',
      socket: '/system/run/containerd/containerd.sock',
    });
    expect(criContainerdPaths('/r')).toEqual({
      config: '/r/etc/cri/containerd.toml',
      root: '/r/var/lib/containerd',
      state: '/r/run/containerd',
      socket: '/r/run/containerd/containerd.sock',
    });
    expect(socketForNamespace('/r', 'system')).toBe('/r/system/run/containerd/containerd.sock');
    expect(socketForNamespace('/r', 'k8s.io')).toBe('/r/run/containerd/containerd.sock');
  });

  it('passes socket, state and root (system) or socket and config (cri) on the command line', () => {
    expect(systemContainerdArgs(systemContainerdPaths('/'))).toEqual([
      '--address',
      '/system/run/containerd/containerd.sock',
      '--state',
      '/system/run/containerd',
      '--root',
      '/system/var/lib/containerd',
      '--config',
      '/etc/containerd/config.toml',
    ]);
    expect(criContainerdArgs(criContainerdPaths('/'))).toEqual([
      '--address',
      '/run/containerd/containerd.sock',
      '--config',
      '/etc/cri/containerd.toml',
    ]);
  });
});

describe('containerd config', () => {
  const sys = renderSystemConfig(systemContainerdPaths('/x'));
  const cri = renderCRIBaseConfig(criContainerdPaths('/x'), '/x');

  it('disables the CRI plugin in the system instance only', () => {
    expect(sys).toMatch(/^version = 2$/m);
    expect(sys).toContain('"io.containerd.grpc.v1.cri",');
    expect(sys).toContain('root = "/x/system/var/lib/containerd"');
    expect(sys).toContain('address = "/x/system/run/containerd/containerd.sock"');
    expect(sys).toMatch(/\[debug\]\n {2}level = "info"\n {2}format = "json"/);
    expect(cri).not.toContain('"io.containerd.grpc.v1.cri",');
    expect(cri).toContain('[plugins."io.containerd.grpc.v1.cri"]');
    expect(cri).toContain('conf_dir = "/x/etc/cni/net.d"');
    expect(cri).toContain('stream_server_port = "0"');
  });

  it('is accepted by containerd (config dump)', () => {
    requireFile(BIN, 'containerd');
    for (const [name, text] of [
      ['sys.toml', sys],
      ['cri.toml', cri],
    ] as const) {
      const file = join(tmp, name);
      writeFileSync(file, text);
      const dump = execFileSync(BIN, ['--config', file, 'config', 'dump'], { encoding: 'utf8' });
      expect(dump).toContain('root = "/x/');
      if (name === 'sys.toml')
        expect(dump).toMatch(/disabled_plugins = \[[^\]]*"io\.containerd\.grpc\.v1\.cri"/);
      else expect(dump).toMatch(/conf_dir = "\/x\/etc\/cni\/net\.d"/);
    }
  });

  it("restricts pods' OOM scores only when asked (a host without CAP_SYS_RESOURCE); containerd reads it", () => {
    requireFile(BIN, 'containerd');
    const file = join(tmp, 'cri-restricted.toml');
    const dumpOf = (text: string): string => {
      writeFileSync(file, text);
      return execFileSync(BIN, ['--config', file, 'config', 'dump'], { encoding: 'utf8' });
    };
    expect(dumpOf(cri)).toMatch(/restrict_oom_score_adj = false/);
    const restricted = renderCRIBaseConfig(criContainerdPaths('/x'), '/x', { restrictOomScoreAdj: true });
    expect(restricted).toContain('restrict_oom_score_adj = true');
    expect(dumpOf(restricted)).toMatch(/restrict_oom_score_adj = true/);
  });
});

describe('containerd service without a binary', () => {
  it('is skipped, saying why in its log', async () => {
    const ctx = context();
    const sup = new Supervisor(ctx);
    const missing = join(tmp, 'no-containerd');
    sup.load(containerdService({ bin: missing }), criService({ bin: missing }));
    await sup.startAll();
    await waitFor(() => sup.list().every((s) => s.state === 'Skipped'));
    const log = Buffer.concat(ctx.logs.source('containerd').tail()).toString();
    expect(log).toContain(`containerd binary ${missing} not found`);
    expect(existsSync(join(ctx.rootDir, 'etc/containerd/config.toml'))).toBe(false);
    await sup.stopAll();
  });
});
