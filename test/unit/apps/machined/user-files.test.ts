// machine.files: create, overwrite and append as Talos, under the root directory, errors per file.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeUserFiles } from '../../../../src/apps/machined/user-files';
import { parseMachineConfig } from '../../../../src/config';

const fixture = readFileSync(new URL('../../../fixtures/config/controlplane.yaml', import.meta.url), 'utf8');
const root = mkdtempSync(join(tmpdir(), 'user-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const withFiles = (lines: string[]): string =>
  fixture.replace(/^machine:\n/m, `machine:\n    files:\n${lines.map((l) => `        ${l}\n`).join('')}`);

describe('machine.files', () => {
  it('creates, appends and overwrites; refuses overwrite/append of a missing file', async () => {
    mkdirSync(join(root, 'var/etc'), { recursive: true });
    writeFileSync(join(root, 'var/etc/existing.conf'), 'a=1');
    const config = parseMachineConfig(
      withFiles([
        '- path: /etc/cri/conf.d/20-customization.part',
        '  op: create',
        '  permissions: 0o644',
        '  content: |',
        '      [plugins."io.containerd.grpc.v1.cri"]',
        '        enable_unprivileged_ports = true',
        '- { path: /var/etc/existing.conf, op: append, permissions: 0o600, content: b=2 }',
        '- { path: /var/etc/missing.conf, op: overwrite, permissions: 0o600, content: x }',
      ]),
    );
    const errors = await writeUserFiles(root, config);
    expect(errors.map((e) => e.message)).toEqual([
      'machine.files /var/etc/missing.conf: file does not exist',
    ]);
    const part = join(root, 'etc/cri/conf.d/20-customization.part');
    expect(readFileSync(part, 'utf8')).toBe(
      '[plugins."io.containerd.grpc.v1.cri"]\n  enable_unprivileged_ports = true\n',
    );
    expect(statSync(part).mode & 0o777).toBe(0o644);
    expect(readFileSync(join(root, 'var/etc/existing.conf'), 'utf8')).toBe('a=1\nb=2');
  });

  it('keeps every path under the root directory', async () => {
    const config = parseMachineConfig(
      withFiles(['- { path: /../../escape.txt, op: create, permissions: 0o600, content: x }']),
    );
    expect(await writeUserFiles(root, config)).toEqual([]);
    expect(readFileSync(join(root, 'escape.txt'), 'utf8')).toBe('x');
  });
});
