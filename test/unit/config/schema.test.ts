import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

import {
  isConfigValidationError,
  knownKinds,
  MAX_CONFIG_BYTES,
  parseMachineConfig,
} from '../../../src/config';
import { edit, fixture } from './helpers';

const REPO = resolve(import.meta.dirname, '..', '..', '..');

const worker = fixture('worker.yaml');

describe('schema', () => {
  it('knows the Talos v1.13 document kinds, including ones the published schema omits', () => {
    const kinds = knownKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(44);
    for (const k of [
      'HostnameConfig',
      'NetworkDefaultActionConfig',
      'LinkConfig',
      'VolumeConfig',
      'ImageVerificationConfig',
    ]) {
      expect(kinds).toContain(k);
    }
  });

  it('ships validators compiled from the current schema files', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'validators-')), 'config-validators.js');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(REPO, 'scripts', 'gen-config-validators.ts'), out],
      { cwd: REPO },
    );
    expect(readFileSync(out, 'utf8')).toBe(
      readFileSync(join(REPO, 'src', 'gen', 'config-validators.js'), 'utf8'),
    );
    expect(parseMachineConfig(worker).machineType()).toBe('worker');
  });

  it('compiles a validator for every kind', () => {
    for (const kind of knownKinds()) {
      try {
        parseMachineConfig(`apiVersion: v1alpha1\nkind: ${kind}\nname: x1\n`, { validate: false });
      } catch (e) {
        expect(isConfigValidationError(e), `${kind}: ${String(e)}`).toBe(true);
      }
    }
  });

  it('reads integers like Go: octal, hex, binary and digit separators', () => {
    const files = ['0o644', '0x1A4', '0b110100100', '0644', '4_20'].map(
      (p, i) =>
        `        - path: /var/f${i}\n          content: x\n          permissions: ${p}\n          op: create\n`,
    );
    const text = edit(worker, '    certSANs: []\n', `    certSANs: []\n    files:\n${files.join('')}`);
    const perms = parseMachineConfig(text)
      .v1alpha1()
      ?.machine?.files?.map((f) => f.permissions);
    expect(perms).toEqual([420, 420, 420, 420, 420]);
  });

  it('supports YAML anchors and merge keys', () => {
    const text = edit(
      worker,
      '    certSANs: []\n',
      '    certSANs: &sans [a.example.org]\n    nodeLabels:\n        <<: {zone: a}\n        rack: r1\n',
    ).replace('    kubelet:\n', '    kubelet:\n        clusterDNS: *sans\n');
    const machine = parseMachineConfig(text).v1alpha1()?.machine;
    expect(machine?.kubelet?.clusterDNS).toEqual(['a.example.org']);
    expect(machine?.nodeLabels).toEqual({ zone: 'a', rack: 'r1' });
  });

  it('reads a config close to the size limit', () => {
    const body = 'x'.repeat(MAX_CONFIG_BYTES - worker.length - 1024);
    const text = edit(
      worker,
      '    discovery:',
      `    inlineManifests:\n        - name: big\n          contents: ${body}\n    discovery:`,
    );
    const cfg = parseMachineConfig(text);
    expect(cfg.v1alpha1()?.cluster?.inlineManifests?.[0]?.contents?.length).toBe(body.length);
  });
});
