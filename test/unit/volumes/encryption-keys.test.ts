// Key derivation as Talos does it: nodeID is the SMBIOS UUID and the label, refused for a UUID that
// fails the entropy check; static is the passphrase; lockToState appends STATE's salt, which is made
// once and kept.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  derivePassphrase,
  KeyUnavailableError,
  loadOrCreateSalt,
  uuidEntropyOk,
} from '../../../src/volumes/encryption-keys';

const UUID = '4c4c4544-0051-3010-8057-b4c04f4a4e32';
const sources = (uuid?: string, salt?: Buffer) => ({
  machineUUID: () => Promise.resolve(uuid),
  salt: () => Promise.resolve(salt),
});

describe('encryption keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('derives nodeID from the UUID and the label, and refuses a UUID without entropy', async () => {
    const key = await derivePassphrase({ slot: 0, type: 'nodeID' }, 'STATE', sources(UUID));
    expect(key.toString()).toBe(`${UUID}STATE`);
    expect(uuidEntropyOk(UUID)).toBe(true);
    for (const weak of ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']) {
      expect(uuidEntropyOk(weak)).toBe(false);
      await expect(derivePassphrase({ slot: 0, type: 'nodeID' }, 'STATE', sources(weak))).rejects.toThrow(
        /entropy check failed/,
      );
    }
    await expect(derivePassphrase({ slot: 3, type: 'nodeID' }, 'STATE', sources())).rejects.toThrow(
      new KeyUnavailableError(3, 'machine UUID is not populated'),
    );
  });

  it('uses a static passphrase, salts a STATE-locked key, and refuses kinds it cannot derive', async () => {
    const pass = Buffer.from('hunter2').toString('base64');
    expect(
      (
        await derivePassphrase({ slot: 1, type: 'static', staticPassphrase: pass }, 'X', sources())
      ).toString(),
    ).toBe('hunter2');
    const salt = await loadOrCreateSalt(dir);
    expect(salt).toHaveLength(32);
    expect(await loadOrCreateSalt(dir)).toEqual(salt);
    expect(readFileSync(join(dir, 'encryption-salt.yaml'), 'utf8')).toMatch(
      /^diskSalt: !!binary [A-Za-z0-9+/=]{44}\n$/,
    );
    const locked = await derivePassphrase(
      { slot: 0, type: 'nodeID', lockToState: true },
      'EPHEMERAL',
      sources(UUID, salt),
    );
    expect(locked).toEqual(Buffer.concat([Buffer.from(`${UUID}EPHEMERAL`), salt]));
    await expect(
      derivePassphrase({ slot: 0, type: 'nodeID', lockToState: true }, 'EPHEMERAL', sources(UUID)),
    ).rejects.toThrow(/salt is not available/);
    await expect(derivePassphrase({ slot: 2, type: 'tpm' }, 'X', sources(UUID))).rejects.toThrow(
      /tpm keys are not supported/,
    );
  });
});
