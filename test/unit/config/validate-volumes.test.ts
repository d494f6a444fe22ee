// Volume settings a config is refused for, before anything is written: a static or STATE-locked key for
// STATE, duplicate slots, a key of no known kind (in systemDiskEncryption and in VolumeConfig
// documents), and a user volume whose disk selector does not parse; a sound encrypted config passes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigValidationError, parseMachineConfig, validateMachineConfig } from '../../../src/config';

const WORKER = readFileSync(new URL('../../fixtures/config/worker.yaml', import.meta.url), 'utf8');

const withEncryption = (section: string) =>
  WORKER.replace('    type: worker\n', `    type: worker\n    systemDiskEncryption:\n${section}`);

const problems = (text: string): string[] => {
  try {
    validateMachineConfig(parseMachineConfig(text), { mode: 'metal' });
    return [];
  } catch (e: unknown) {
    if (!(e instanceof ConfigValidationError)) throw e;
    return e.problems.map((p) => `${p.document ? `[${p.document}] ` : ''}${p.path}: ${p.message}`);
  }
};

describe('volume validation', () => {
  it('accepts STATE and EPHEMERAL encrypted by nodeID, and a rotation with two keys', () => {
    const ok = withEncryption(
      [
        '        state:',
        '            provider: luks2',
        '            keys:',
        '                - slot: 0',
        '                  nodeID: {}',
        '        ephemeral:',
        '            provider: luks2',
        '            keys:',
        '                - slot: 0',
        '                  nodeID: {}',
        '                - slot: 1',
        '                  static:',
        '                      passphrase: rotate-me',
        '',
      ].join('\n'),
    );
    expect(problems(ok)).toEqual([]);
  });

  it('refuses a static key for STATE, duplicate slots and a key without a kind', () => {
    const bad = withEncryption(
      [
        '        state:',
        '            provider: luks2',
        '            keys:',
        '                - slot: 0',
        '                  static:',
        '                      passphrase: in-clear',
        '        ephemeral:',
        '            provider: luks2',
        '            keys:',
        '                - slot: 3',
        '                  nodeID: {}',
        '                - slot: 3',
        '',
      ].join('\n'),
    );
    expect(problems(bad)).toEqual([
      'machine.systemDiskEncryption.state.keys[0].static: a static key cannot encrypt STATE: ' +
        "STATE's encryption settings are kept in META, in clear, next to it",
      'machine.systemDiskEncryption.ephemeral.keys[1]: encryption key has no configuration (static, nodeID, kms or tpm)',
      'machine.systemDiskEncryption.ephemeral.keys[1].slot: encryption key slot is already in use',
    ]);
    // The passphrase itself is never repeated.
    expect(problems(bad).join('\n')).not.toContain('in-clear');
  });

  it('checks VolumeConfig and UserVolumeConfig documents the same way', () => {
    const docs = [
      WORKER,
      '---\napiVersion: v1alpha1\nkind: VolumeConfig\nname: STATE\nencryption:\n    provider: luks2\n    keys:\n' +
        '        - slot: 0\n          static:\n            passphrase: x\n        - slot: 1\n          nodeID: {}\n' +
        '          lockToState: true\n',
      '---\napiVersion: v1alpha1\nkind: UserVolumeConfig\nname: data\nprovisioning:\n    diskSelector:\n' +
        '        match: disk.size > 10u *\n    minSize: 1GiB\nencryption:\n    provider: luks2\n    keys:\n' +
        '        - slot: 2\n          nodeID: {}\n        - slot: 2\n          nodeID: {}\n',
    ].join('');
    expect(problems(docs)).toEqual([
      '[VolumeConfig/STATE] encryption.keys[0].static: a static key cannot encrypt STATE: ' +
        "STATE's encryption settings are kept in META, in clear, next to it",
      '[VolumeConfig/STATE] encryption.keys[1].lockToState: state-locked key is not allowed for the "STATE" volume',
      '[UserVolumeConfig/data] provisioning.diskSelector.match: disk selector is invalid: unexpected end in "disk.size > 10u *"',
      '[UserVolumeConfig/data] encryption.keys[1].slot: encryption key slot is already in use',
    ]);
  });
});
