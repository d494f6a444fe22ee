// Encryption settings from the config (VolumeConfig first, then systemDiskEncryption) and STATE's copy
// in META, in the JSON Talos writes: Talos's own examples decode, and ours reads back the same.
import { describe, expect, it } from 'vitest';
import { MachineConfig } from '../../../src/config';
import {
  decodeStateEncryptionMeta,
  encodeStateEncryptionMeta,
  EncryptionMetaError,
  systemVolumeEncryption,
} from '../../../src/volumes/encryption-spec';

// The two shapes Talos v1.13 writes to META key 9 (current and pre-VolumeConfig), as its tests show them.
const MODERN =
  '{"EncryptionProvider":"luks2","EncryptionKeys":[{"KeySlot":0,"KeyStatic":{"KeyData":"secret"},"KeyNodeID":null,"KeyKMS":null,"KeyTPM":null,"KeyLockToSTATE":null},{"KeySlot":0,"KeyStatic":null,"KeyNodeID":{},"KeyKMS":null,"KeyTPM":null,"KeyLockToSTATE":null}],"EncryptionCipher":"aes-xts-plain64","EncryptionKeySize":0,"EncryptionBlockSize":0,"EncryptionPerfOptions":null}';
const LEGACY =
  '{"EncryptionProvider":"","EncryptionKeys":[{"KeyStatic":{"KeyData":"secret"},"KeyNodeID":null,"KeyKMS":null,"KeySlot":0,"KeyTPM":null},{"KeyStatic":null,"KeyNodeID":{},"KeyKMS":null,"KeySlot":0,"KeyTPM":null}],"EncryptionCipher":"aes-xts-plain64","EncryptionKeySize":0,"EncryptionBlockSize":0,"EncryptionPerfOptions":null}';

const config = (docs: { kind: string; name?: string; data: Record<string, unknown> }[]) =>
  new MachineConfig(
    docs.map((d) => ({ ...d, ...(d.kind === 'v1alpha1' ? {} : { apiVersion: 'v1alpha1' }) })),
  );

describe('encryption settings', () => {
  it("reads Talos's META JSON, both shapes, and writes what it reads", () => {
    for (const raw of [MODERN, LEGACY]) {
      const spec = decodeStateEncryptionMeta(Buffer.from(raw))!;
      expect(spec).toEqual({
        provider: 'luks2',
        cipher: 'aes-xts-plain64',
        keys: [
          { slot: 0, type: 'static', staticPassphrase: Buffer.from('secret').toString('base64') },
          { slot: 0, type: 'nodeID' },
        ],
      });
      expect(encodeStateEncryptionMeta(spec).toString()).toBe(MODERN);
    }
    expect(decodeStateEncryptionMeta(Buffer.from('null'))).toBeUndefined();
    expect(encodeStateEncryptionMeta(undefined).toString()).toBe('null');
    for (const bad of ['{', '[]', '{"EncryptionKeys":[]}'])
      expect(() => decodeStateEncryptionMeta(Buffer.from(bad))).toThrow(EncryptionMetaError);
  });

  it('takes a VolumeConfig document over machine.systemDiskEncryption', () => {
    const v1 = {
      kind: 'v1alpha1',
      data: {
        machine: {
          systemDiskEncryption: {
            state: { provider: 'luks2', keys: [{ slot: 0, nodeID: {} }] },
            ephemeral: {
              provider: 'luks2',
              keys: [{ slot: 1, static: { passphrase: 'p' }, lockToState: true }],
            },
          },
        },
      },
    };
    const only = config([v1]);
    expect(systemVolumeEncryption(only, 'STATE')).toEqual({
      provider: 'luks2',
      keys: [{ slot: 0, type: 'nodeID' }],
    });
    expect(systemVolumeEncryption(only, 'EPHEMERAL')).toEqual({
      provider: 'luks2',
      keys: [{ slot: 1, type: 'static', lockToState: true, staticPassphrase: 'cA==' }],
    });
    const both = config([
      { kind: 'v1alpha1', data: { machine: {} } },
      {
        kind: 'VolumeConfig',
        name: 'EPHEMERAL',
        data: {
          encryption: { provider: 'luks2', keys: [{ slot: 2, nodeID: {} }], cipher: 'aes-xts-plain64' },
        },
      },
    ]);
    expect(systemVolumeEncryption(both, 'EPHEMERAL')).toEqual({
      provider: 'luks2',
      keys: [{ slot: 2, type: 'nodeID' }],
      cipher: 'aes-xts-plain64',
    });
    expect(systemVolumeEncryption(both, 'STATE')).toBeUndefined();
  });
});
