// One LUKS2 volume as the volume manager drives it: an empty partition is encrypted (the first key that
// can be had in its slot, then every other key in its own slot), an encrypted one is opened with the
// first configured key that works, and the keyslots are then made to match the config: keys added to
// free slots, a slot whose key changed rewritten, slots no key names removed. The slot of the key that
// opened the volume is never touched, so the volume always keeps a working key; a step that fails is
// reported (never with a key) and the others still run. A key kept sealed in its slot's token (KMS) is
// read through that token, and a new one is made (with its token) whenever the slot is written.
import type { EncryptionKeySpec, EncryptionSpec } from '../resources/block/volume-config';
import { isKeyRejected, type Cryptsetup } from '../blockdev/cryptsetup';
import { readLuksHeader, type LuksHeader } from '../blockdev/luks-header';
import {
  KeyUnavailableError,
  newSlotKey,
  slotKey,
  type KeySources,
  type NewSlotKey,
} from './encryption-keys';
import { errorMessage } from '../error-message';

export interface LuksVolumeOptions {
  readonly cryptsetup: Cryptsetup;
  readonly keySources: KeySources;
  /** The volume's id, e.g. EPHEMERAL: the nodeID key's label and the mapping's name `luks2-<id>`. */
  readonly volumeId: string;
  readonly spec: EncryptionSpec;
  readonly signal: AbortSignal;
  /** Reads the header's keyslots (default: from the device itself). */
  readonly readHeader?: (device: string) => Promise<LuksHeader>;
  readonly log?: (msg: string, fields?: Record<string, unknown>) => void;
}

export class NoWorkingKeyError extends Error {
  constructor(readonly reasons: readonly string[]) {
    super(`no configured key opens the volume: ${reasons.join('; ')}`);
    this.name = 'NoWorkingKeyError';
  }
}

export interface OpenedKey {
  readonly slot: number;
  readonly key: Buffer;
  readonly spec: EncryptionKeySpec;
}

export interface SyncResult {
  /** What could not be synced, one line per slot (Talos's encryptionFailedSyncs). */
  readonly failedSyncs: string[];
  readonly added: number[];
  readonly removed: number[];
}

/** The mapping's name under /dev/mapper, as Talos names it. */
export const mappedName = (volumeId: string): string => `luks2-${volumeId}`;

export class LuksVolume {
  private readonly keys: EncryptionKeySpec[];

  constructor(private readonly o: LuksVolumeOptions) {
    this.keys = [...o.spec.keys].sort((a, b) => a.slot - b.slot);
  }

  /** The key `k`'s slot holds, read through the slot's token in `header` where it needs one. */
  private slotKey(k: EncryptionKeySpec, header: LuksHeader): Promise<Buffer> {
    const token = header.tokens.find((t) => t.id === k.slot)?.json;
    return slotKey(k, this.o.volumeId, this.o.keySources, token, this.o.signal);
  }

  private newKey(k: EncryptionKeySpec): Promise<NewSlotKey> {
    return newSlotKey(k, this.o.volumeId, this.o.keySources, this.o.signal);
  }

  /** Puts the token of a new key in its slot's place (or drops a stale one a key without token left). */
  private async writeToken(device: string, slot: number, made: NewSlotKey, header: LuksHeader) {
    const cs = this.o.cryptsetup;
    if (made.token !== undefined) await cs.importToken(device, slot, made.token, this.o.signal);
    else if (header.tokens.some((t) => t.id === slot)) await cs.removeToken(device, slot, this.o.signal);
  }

  private log(msg: string, fields?: Record<string, unknown>): void {
    this.o.log?.(msg, fields);
  }

  /** luksFormat with the first key that can be had, then adds the other keys. */
  async format(device: string): Promise<OpenedKey> {
    const reasons: string[] = [];
    for (const spec of this.keys) {
      let made: NewSlotKey;
      try {
        made = await this.newKey(spec);
      } catch (e: unknown) {
        reasons.push(errorMessage(e));
        continue;
      }
      this.log('formatting and encrypting volume', { slot: spec.slot, keyType: spec.type });
      await this.o.cryptsetup.format(device, spec.slot, made.key, this.formatOptions(), this.o.signal);
      if (made.token !== undefined)
        await this.o.cryptsetup.importToken(device, spec.slot, made.token, this.o.signal);
      return { slot: spec.slot, key: made.key, spec };
    }
    throw new NoWorkingKeyError(reasons.length > 0 ? reasons : ['no encryption keys configured']);
  }

  private formatOptions() {
    return {
      cipher: this.o.spec.cipher,
      keySize: this.o.spec.keySize,
      blockSize: this.o.spec.blockSize,
      perfOptions: this.o.spec.perfOptions,
    };
  }

  /**
   * The first configured key that opens the volume: tried on its own slot, then on any slot (a key whose
   * slot moved, or a sync cut short by a power loss). Opens the mapping unless `testOnly`.
   */
  async findKey(device: string, testOnly: boolean): Promise<OpenedKey> {
    const reasons: string[] = [];
    const cs = this.o.cryptsetup;
    const name = mappedName(this.o.volumeId);
    for (const spec of this.keys) {
      const header = await this.header(device);
      let key: Buffer;
      try {
        key = await this.slotKey(spec, header);
      } catch (e: unknown) {
        reasons.push(errorMessage(e));
        continue;
      }
      const slots = [spec.slot, ...header.keyslots.filter((s) => s !== spec.slot)];
      for (const slot of slots) {
        if (!header.keyslots.includes(slot)) continue;
        try {
          if (testOnly) {
            if (await cs.testKey(device, slot, key, this.o.signal)) return { slot, key, spec };
            continue;
          }
          await cs.open(device, name, slot, key, this.formatOptions(), this.o.signal);
          return { slot, key, spec };
        } catch (e: unknown) {
          if (!isKeyRejected(e)) throw e;
        }
      }
      reasons.push(`key in slot ${spec.slot} (${spec.type}) was rejected`);
    }
    throw new NoWorkingKeyError(reasons.length > 0 ? reasons : ['no encryption keys configured']);
  }

  private header(device: string): Promise<LuksHeader> {
    return (this.o.readHeader ?? readLuksHeader)(device);
  }

  /**
   * Makes the keyslots match the config, starting from `opened` (a configured key that works, maybe in
   * another slot than its own). Configured keys go to their slots first (the opened one first of all),
   * then slots no key names are removed. A slot is only ever removed while another configured slot is
   * known to hold its working key, so the volume never loses its last way in.
   */
  async syncKeys(device: string, opened: OpenedKey): Promise<SyncResult> {
    const cs = this.o.cryptsetup;
    const signal = this.o.signal;
    const failedSyncs: string[] = [];
    const added: number[] = [];
    const removed: number[] = [];
    /** Slots known to open with a key at hand, and that key. */
    const working = new Map<number, Buffer>([[opened.slot, opened.key]]);
    /** Configured slots known to hold their configured key. */
    const good = new Set<number>(opened.spec.slot === opened.slot ? [opened.slot] : []);
    const authFor = (except: number): Buffer => {
      for (const [slot, key] of working) if (slot !== except) return key;
      return opened.key;
    };
    const othersGood = (slot: number) => [...good].some((s) => s !== slot);
    let header = await this.header(device);
    const order = [opened.spec, ...this.keys.filter((k) => k !== opened.spec)];
    for (const spec of order) {
      if (good.has(spec.slot)) continue;
      try {
        if (header.keyslots.includes(spec.slot)) {
          const key = await this.slotKey(spec, header).catch((e: unknown) => {
            // A token key whose token is missing or unreadable is rewritten like a changed key.
            if (e instanceof KeyUnavailableError && spec.type === 'kms' && /token/.test(e.message))
              return undefined;
            throw e;
          });
          if (key && (await cs.testKey(device, spec.slot, key, signal))) {
            good.add(spec.slot);
            working.set(spec.slot, key);
            continue;
          }
          if (!othersGood(spec.slot))
            throw new Error('its old key is the only one known to work; left as it is');
          await cs.killSlot(device, spec.slot, authFor(spec.slot), signal);
          working.delete(spec.slot);
          header = await this.header(device);
        }
        // The opened key moves to its own slot as it is, unless it lives by its slot's token.
        const made: NewSlotKey =
          spec === opened.spec && spec.type !== 'kms' ? { key: opened.key } : await this.newKey(spec);
        await this.writeToken(device, spec.slot, made, header);
        await cs.addKey(device, authFor(-1), spec.slot, made.key, signal);
        header = await this.header(device);
        good.add(spec.slot);
        working.set(spec.slot, made.key);
        added.push(spec.slot);
        this.log('added encryption key', { slot: spec.slot, keyType: spec.type });
      } catch (e: unknown) {
        const why = e instanceof KeyUnavailableError ? e.message : errorMessage(e);
        failedSyncs.push(`error updating key slot ${spec.slot} ${spec.type}: ${why}`);
      }
    }
    const configured = new Set(this.keys.map((k) => k.slot));
    for (const slot of (await this.header(device)).keyslots) {
      if (configured.has(slot)) continue;
      try {
        if (!othersGood(slot)) throw new Error('no configured key is known to work yet; kept');
        await cs.killSlot(device, slot, authFor(slot), signal);
        working.delete(slot);
        removed.push(slot);
        this.log('removed encryption key', { slot });
        const header = await this.header(device);
        if (header.tokens.some((t) => t.id === slot)) await cs.removeToken(device, slot, signal);
      } catch (e: unknown) {
        failedSyncs.push(`error removing key slot ${slot}: ${errorMessage(e)}`);
      }
    }
    return { failedSyncs, added, removed };
  }
}
