// The META partition's keys, as the machine reads and writes them: loaded once at boot, changed in
// memory and flushed in place (both copies of the block, then fsync). A machine without META (booted
// from ISO or PXE, not installed) keeps its keys in memory only, as Talos does.
import { open } from 'node:fs/promises';
import { ADV_SIZE, AdvOverflowError, decodeAdv, encodeAdv, type AdvTags } from '../blockdev/talos-adv';

export class MetaStore {
  private constructor(
    private tags: AdvTags,
    /** The META partition, or undefined when there is none. */
    readonly device: string | undefined,
    /** Why the partition's block was not read (a fresh, zeroed META has none). */
    readonly loadError?: string,
  ) {}

  static inMemory(): MetaStore {
    return new MetaStore(new Map(), undefined);
  }

  static async load(device: string): Promise<MetaStore> {
    const fh = await open(device, 'r');
    try {
      const buf = Buffer.alloc(ADV_SIZE);
      await fh.read(buf, 0, ADV_SIZE, 0);
      const { tags, error } = decodeAdv(buf);
      return new MetaStore(tags, device, error);
    } finally {
      await fh.close();
    }
  }

  get(tag: number): Buffer | undefined {
    return this.tags.get(tag);
  }

  entries(): [number, Buffer][] {
    return [...this.tags].sort(([a], [b]) => a - b);
  }

  /** False when the value does not fit (nothing changes). */
  set(tag: number, value: Buffer): boolean {
    const next = new Map(this.tags).set(tag, Buffer.from(value));
    try {
      encodeAdv(next);
    } catch (e: unknown) {
      if (e instanceof AdvOverflowError) return false;
      throw e;
    }
    this.tags = next;
    return true;
  }

  /** False when the key was not there. */
  delete(tag: number): boolean {
    return this.tags.delete(tag);
  }

  /** Writes the keys to the partition (nothing to do without one). */
  async flush(): Promise<void> {
    if (!this.device) return;
    const data = encodeAdv(this.tags);
    const fh = await open(this.device, 'r+');
    try {
      let done = 0;
      while (done < data.length) done += (await fh.write(data, done, data.length - done, done)).bytesWritten;
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}

/** Talos's META keys by name (pkg/machinery/meta). */
export const META_KEYS = {
  upgrade: 6,
  stagedUpgradeImageRef: 7,
  stagedUpgradeInstallOptions: 8,
  stateEncryptionConfig: 9,
  metalNetworkPlatformConfig: 10,
  downloadUrlCode: 11,
  userReserved1: 12,
  userReserved2: 13,
  userReserved3: 14,
  uuidOverride: 15,
  uniqueMachineToken: 16,
  diskImageBootloader: 17,
} as const;

/** A key's resource id: `0x0a`. */
export const metaKeyId = (tag: number): string => `0x${tag.toString(16).padStart(2, '0')}`;
