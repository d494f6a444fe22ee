// LUKS2 key handling against the real cryptsetup on disk images (everything but opening a mapping works
// without device-mapper): an empty volume is encrypted with each key in its slot; keys are rotated the
// way the Disk Encryption guide does it (add, then drop the old one); a key found in another slot is
// moved; a rewritten slot gets its new key; a sync cut off after any number of cryptsetup calls leaves a
// volume a configured key opens, and the next sync finishes the job; a KMS key (a test KMS on loopback)
// lives in its slot with its sealed form in the slot's token. Needs cryptsetup (cryptsetup-bin).
import { copyFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cryptsetup, cryptsetupRunner, type CryptsetupRunner } from '../../../src/blockdev/cryptsetup';
import { readLuksHeader } from '../../../src/blockdev/luks-header';
import type { EncryptionKeySpec, EncryptionSpec } from '../../../src/resources/block/volume-config';
import { LuksVolume, NoWorkingKeyError } from '../../../src/volumes/luks-volume';
import { derivePassphrase } from '../../../src/volumes/encryption-keys';
import { startTestKms, type TestKmsServer } from '../../harness/kms-server';
import { requireTool } from '../../harness/tools';

const UUID = '4c4c4544-0051-3010-8057-b4c04f4a4e32';
const sources = { machineUUID: () => Promise.resolve(UUID), salt: () => Promise.resolve(undefined) };
const PBKDF = { memoryKiB: 32768, forceIterations: 4 };
const signal = AbortSignal.timeout(600_000);

const nodeID = (slot: number): EncryptionKeySpec => ({ slot, type: 'nodeID' });
const stat = (slot: number, pass: string): EncryptionKeySpec => ({
  slot,
  type: 'static',
  staticPassphrase: Buffer.from(pass).toString('base64'),
});
const spec = (...keys: EncryptionKeySpec[]): EncryptionSpec => ({ provider: 'luks2', keys });

describe('LUKS2 volume keys (cryptsetup on an image)', () => {
  let dir: string;
  let n = 0;
  const cs = new Cryptsetup(cryptsetupRunner(), PBKDF);
  const image = (): string => {
    const p = join(dir, `v${++n}.img`);
    writeFileSync(p, '');
    truncateSync(p, 32 * 1024 * 1024);
    return p;
  };
  const volume = (s: EncryptionSpec, c = cs) =>
    new LuksVolume({ cryptsetup: c, keySources: sources, volumeId: 'EPHEMERAL', spec: s, signal });
  const slots = async (img: string) => (await readLuksHeader(img)).keyslots;
  /** Which configured keys open which slot (every pair tried). */
  const opens = async (img: string, keys: EncryptionKeySpec[]) => {
    const out: string[] = [];
    for (const k of keys) {
      const pass = await derivePassphrase(k, 'EPHEMERAL', sources);
      for (const slot of await slots(img))
        if (await cs.testKey(img, slot, pass, signal)) out.push(`${k.type}${k.slot}@${slot}`);
    }
    return out.sort();
  };

  beforeAll(() => {
    requireTool('cryptsetup');
    dir = mkdtempSync(join(tmpdir(), 'luks-volume-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('encrypts an empty volume with every key in its own slot', async () => {
    const img = image();
    const s = spec(nodeID(0), stat(3, 'correct horse'));
    const v = volume(s);
    const opened = await v.format(img);
    expect(opened.slot).toBe(0);
    const sync = await v.syncKeys(img, opened);
    expect(sync).toEqual({ failedSyncs: [], added: [3], removed: [] });
    expect(await slots(img)).toEqual([0, 3]);
    expect(await opens(img, s.keys)).toEqual(['nodeID0@0', 'static3@3']);
  }, 120_000);

  it('rotates a key in two steps and never opens with a dropped key', async () => {
    const img = image();
    await volume(spec(nodeID(0))).format(img);
    // First apply: the new key is added beside the old one.
    const both = spec(nodeID(0), stat(1, 'new key'));
    const v1 = volume(both);
    expect((await v1.syncKeys(img, await v1.findKey(img, true))).added).toEqual([1]);
    expect(await slots(img)).toEqual([0, 1]);
    // Second apply: only the new key; it opens the volume and the old slot goes.
    const v2 = volume(spec(stat(1, 'new key')));
    const opened = await v2.findKey(img, true);
    expect(opened.slot).toBe(1);
    expect(await v2.syncKeys(img, opened)).toEqual({ failedSyncs: [], added: [], removed: [0] });
    expect(await slots(img)).toEqual([1]);
    await expect(volume(spec(nodeID(0))).findKey(img, true)).rejects.toThrow(NoWorkingKeyError);
  }, 120_000);

  it('moves a key found in another slot, and rewrites a slot whose key changed', async () => {
    const img = image();
    await volume(spec(nodeID(0), stat(1, 'old')))
      .format(img)
      .then(async (o) => {
        await volume(spec(nodeID(0), stat(1, 'old'))).syncKeys(img, o);
      });
    // nodeID now belongs in slot 2, and slot 1 gets a new passphrase.
    const next = spec(stat(1, 'fresh'), nodeID(2));
    const v = volume(next);
    const opened = await v.findKey(img, true);
    expect(opened).toMatchObject({ slot: 0, spec: { type: 'nodeID', slot: 2 } });
    const sync = await v.syncKeys(img, opened);
    expect(sync.failedSyncs).toEqual([]);
    expect(await slots(img)).toEqual([1, 2]);
    expect(await opens(img, next.keys)).toEqual(['nodeID2@2', 'static1@1']);
  }, 120_000);

  it('keeps every slot when no configured key works, and refuses a UUID without entropy', async () => {
    const img = image();
    await volume(spec(nodeID(0))).format(img);
    await expect(volume(spec(stat(0, 'wrong'))).findKey(img, true)).rejects.toThrow(
      /no configured key opens the volume: key in slot 0 \(static\) was rejected/,
    );
    const bad = new LuksVolume({
      cryptsetup: cs,
      keySources: { ...sources, machineUUID: () => Promise.resolve('00000000-0000-0000-0000-000000000000') },
      volumeId: 'EPHEMERAL',
      spec: spec(nodeID(0)),
      signal,
    });
    await expect(bad.findKey(img, true)).rejects.toThrow(/entropy check failed/);
    await expect(bad.format(image())).rejects.toThrow(NoWorkingKeyError);
    // A key that cannot be had is reported, and the working slot stays.
    const v = volume(spec(nodeID(0), { slot: 1, type: 'tpm' }));
    const sync = await v.syncKeys(img, await v.findKey(img, true));
    expect(sync.failedSyncs).toEqual([
      'error updating key slot 1 tpm: key in slot 1: tpm keys are not supported by this agent',
    ]);
    expect(await slots(img)).toEqual([0]);
  }, 120_000);

  it('survives a sync cut off after any cryptsetup call (power cut), and finishes it next time', async () => {
    // The guide's second step: slot 4 was added beside the old keys by the first apply; the second
    // drops nodeID and gives slot 1 a new passphrase. The cut comes after 0, 1, 2 or 3 of its calls.
    const mid = spec(nodeID(0), stat(1, 'a'), stat(4, 'c'));
    const next = spec(stat(1, 'b'), stat(4, 'c'));
    const base = image();
    const first = volume(mid);
    await first.syncKeys(base, await first.format(base));
    expect(await slots(base)).toEqual([0, 1, 4]);
    for (let cut = 0; cut <= 3; cut++) {
      const img = image();
      copyFileSync(base, img);
      let calls = 0;
      const real = cryptsetupRunner();
      const dying: CryptsetupRunner = (args, stdin, sig) => {
        if (args[0] !== 'open' && ++calls > cut) return Promise.reject(new Error('power cut'));
        return real(args, stdin, sig);
      };
      const v = volume(next, new Cryptsetup(dying, PBKDF));
      const result = await v.syncKeys(img, await v.findKey(img, true));
      expect(result.failedSyncs.length > 0, `cut after ${cut} calls`).toBe(cut < 3);
      // Whatever was done, the new config opens the volume, and the next boot's sync finishes.
      const v2 = volume(next);
      const opened = await v2.findKey(img, true);
      expect((await v2.syncKeys(img, opened)).failedSyncs).toEqual([]);
      expect(await slots(img)).toEqual([1, 4]);
      expect(await opens(img, next.keys)).toEqual(['static1@1', 'static4@4']);
    }
  }, 600_000);

  describe('with a KMS key', () => {
    let kms: TestKmsServer;
    const master = Buffer.alloc(32, 9);
    beforeAll(async () => {
      kms = await startTestKms(master);
    });
    afterAll(async () => {
      await kms?.stop();
    });
    const kmsKey = (slot: number): EncryptionKeySpec => ({ slot, type: 'kms', kmsEndpoint: kms.endpoint });
    const token = async (img: string, slot: number) =>
      (await readLuksHeader(img)).tokens.find((t) => t.id === slot);

    it('encrypts with a sealed key kept in the slot token, and opens only while the KMS unseals it', async () => {
      const img = image();
      const v = volume(spec(kmsKey(0)));
      const opened = await v.format(img);
      expect(opened.slot).toBe(0);
      expect(await token(img, 0)).toMatchObject({
        id: 0,
        type: 'sideroKMS',
        json: { UserData: { sealedData: expect.any(String) as unknown } },
      });
      // A later boot: a fresh volume object reads the token and asks the KMS to unseal it.
      const unseals = kms.calls.unseal;
      const again = await volume(spec(kmsKey(0))).findKey(img, true);
      expect(again.key).toEqual(opened.key);
      expect(kms.calls.unseal).toBe(unseals + 1);
      // A KMS that refuses leaves the volume closed, and says why.
      kms.refuse = true;
      await expect(volume(spec(kmsKey(0))).findKey(img, true)).rejects.toThrow(
        /no configured key opens the volume: key in slot 0: failed to unseal KMS passphrase: .*UNAVAILABLE/,
      );
      kms.refuse = false;
      // Another KMS (another master key) cannot unseal it.
      const other = await startTestKms();
      try {
        const foreign = volume(spec({ slot: 0, type: 'kms', kmsEndpoint: other.endpoint }));
        await expect(foreign.findKey(img, true)).rejects.toThrow(/failed to unseal KMS passphrase/);
      } finally {
        await other.stop();
      }
    }, 120_000);

    it('rotates from nodeID to KMS in two applies, and back to a static key without a stale token', async () => {
      const img = image();
      await volume(spec(nodeID(0))).format(img);
      const both = volume(spec(nodeID(0), kmsKey(1)));
      expect((await both.syncKeys(img, await both.findKey(img, true))).added).toEqual([1]);
      expect((await token(img, 1))?.type).toBe('sideroKMS');
      const only = volume(spec(kmsKey(1)));
      const opened = await only.findKey(img, true);
      expect(opened.slot).toBe(1);
      expect(await only.syncKeys(img, opened)).toEqual({ failedSyncs: [], added: [], removed: [0] });
      expect(await slots(img)).toEqual([1]);
      // A slot whose token went missing (a cut between writing the slot and its token) is rewritten.
      await cs.removeToken(img, 1, signal);
      const healed = volume(spec(stat(0, 'fallback'), kmsKey(1)));
      await cs.addKey(img, opened.key, 0, Buffer.from('fallback'), signal);
      const sync = await healed.syncKeys(img, await healed.findKey(img, true));
      expect(sync).toEqual({ failedSyncs: [], added: [1], removed: [] });
      expect((await token(img, 1))?.type).toBe('sideroKMS');
      expect((await volume(spec(kmsKey(1))).findKey(img, true)).slot).toBe(1);
      // Back to a static key in slot 1: the KMS token goes with the old key.
      const back = volume(spec(stat(0, 'fallback'), stat(1, 'plain')));
      expect((await back.syncKeys(img, await back.findKey(img, true))).failedSyncs).toEqual([]);
      expect(await token(img, 1)).toBeUndefined();
      expect(await opens(img, [stat(0, 'fallback'), stat(1, 'plain')])).toEqual(['static0@0', 'static1@1']);
    }, 300_000);
  });
});
