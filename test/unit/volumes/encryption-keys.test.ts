// Key derivation as Talos does it: nodeID is the SMBIOS UUID and the label, refused for a UUID that
// fails the entropy check; static is the passphrase; lockToState appends STATE's salt, which is made
// once and kept; kms is a random key sealed by a KMS server (a test one on loopback), kept sealed in the
// slot's token and unsealed only by the same server for the same node.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  derivePassphrase,
  KeyUnavailableError,
  KMS_TOKEN_TYPE,
  loadOrCreateSalt,
  MissingTokenError,
  newSlotKey,
  slotKey,
  uuidEntropyOk,
} from '../../../src/volumes/encryption-keys';
import { KmsError, parseKmsEndpoint } from '../../../src/volumes/kms-client';
import { startTestKms } from '../../harness/kms-server';

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

  it('reads KMS endpoints as Talos does', () => {
    expect(parseKmsEndpoint('grpc://10.5.0.1:4050')).toEqual({ target: '10.5.0.1:4050', insecure: true });
    expect(parseKmsEndpoint('kms.example:4050')).toEqual({ target: 'kms.example:4050', insecure: true });
    expect(parseKmsEndpoint('https://kms.example')).toEqual({ target: 'kms.example:443', insecure: false });
    expect(parseKmsEndpoint('https://kms.example:8443')).toEqual({
      target: 'kms.example:8443',
      insecure: false,
    });
    expect(() => parseKmsEndpoint('grpc://kms.example')).toThrow(KmsError);
    expect(() => parseKmsEndpoint('grpc://')).toThrow(/invalid KMS endpoint|names no host/);
  });

  it('seals a new KMS key into a token and unseals it only for the same node and server', async () => {
    const master = Buffer.alloc(32, 7);
    let kms = await startTestKms(master);
    const signal = AbortSignal.timeout(30_000);
    try {
      const spec = { slot: 1, type: 'kms' as const, kmsEndpoint: kms.endpoint };
      const made = await newSlotKey(spec, 'STATE', sources(UUID), signal);
      expect(made.key.toString()).toMatch(/^[A-Za-z0-9+/]{43}=$/); // base64 of 32 random bytes
      const token = JSON.parse(made.token ?? '') as Record<string, unknown>;
      expect(token).toEqual({
        UserData: { sealedData: expect.stringMatching(/^[A-Za-z0-9+/=]+$/) as unknown },
        type: KMS_TOKEN_TYPE,
        keyslots: [],
      });
      expect(kms.calls).toEqual({ seal: 1, unseal: 0 });
      expect(await slotKey(spec, 'STATE', sources(UUID), token, signal)).toEqual(made.key);
      // Another key made for the same slot is another random key.
      expect((await newSlotKey(spec, 'STATE', sources(UUID), signal)).key).not.toEqual(made.key);

      // A restarted server with the same master key still unseals; a node with another UUID cannot.
      await kms.stop();
      kms = await startTestKms(master);
      const moved = { ...spec, kmsEndpoint: kms.endpoint };
      expect(await slotKey(moved, 'STATE', sources(UUID), token, signal)).toEqual(made.key);
      const other = '8c4c4544-0051-3010-8057-b4c04f4a4e33';
      const wrongNode = slotKey(moved, 'STATE', sources(other), token, signal);
      await expect(wrongNode).rejects.toThrow(KeyUnavailableError);
      await expect(wrongNode).rejects.toThrow(/failed to unseal KMS passphrase: .*INVALID_ARGUMENT/);

      // A refusing server, a missing token, a token of another kind: each says why, never the key.
      kms.refuse = true;
      const refused = await slotKey(moved, 'STATE', sources(UUID), token, signal).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(KeyUnavailableError);
      expect((refused as Error).message).toMatch(/UNAVAILABLE: test KMS is refusing/);
      expect((refused as Error).message).toContain(kms.endpoint);
      expect((refused as Error).message).not.toContain(made.key.toString());
      await expect(newSlotKey(moved, 'STATE', sources(UUID), signal)).rejects.toThrow(
        /failed to seal KMS passphrase/,
      );
      kms.refuse = false;
      await expect(slotKey(moved, 'STATE', sources(UUID), undefined, signal)).rejects.toThrow(
        new MissingTokenError(1, 'the slot has no KMS token'),
      );
      await expect(
        slotKey(moved, 'STATE', sources(UUID), { type: 'talos-tpm2', UserData: {} }, signal),
      ).rejects.toThrow(/not a sideroKMS token/);
      // Locked to STATE: the salt follows the unsealed key.
      const salt = Buffer.alloc(32, 1);
      const locked = { ...moved, lockToState: true };
      expect(await slotKey(locked, 'STATE', sources(UUID, salt), token, signal)).toEqual(
        Buffer.concat([made.key, salt]),
      );
    } finally {
      await kms.stop();
    }
  });

  it('says why a KMS cannot be reached', async () => {
    const kms = await startTestKms();
    await kms.stop(); // its port is now closed
    const spec = { slot: 0, type: 'kms' as const, kmsEndpoint: kms.endpoint };
    await expect(newSlotKey(spec, 'STATE', sources(UUID), AbortSignal.timeout(30_000))).rejects.toThrow(
      new RegExp(`failed to seal KMS passphrase: KMS seal at ${kms.endpoint} failed: UNAVAILABLE`),
    );
    await expect(
      newSlotKey(
        { ...spec, kmsEndpoint: 'grpc://nohost' },
        'STATE',
        sources(UUID),
        AbortSignal.timeout(1000),
      ),
    ).rejects.toThrow(/names no port/);
  });
});
