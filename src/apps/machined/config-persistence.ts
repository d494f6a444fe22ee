// The machine config on disk: <state>/config.yaml, written atomically (temp file, fsync, rename).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../../files/atomic-write';

export class ConfigPersistence {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'config.yaml');
  }

  /** The persisted config bytes, or undefined when there is none. */
  async load(): Promise<Buffer | undefined> {
    return readFileIfExists(this.path);
  }

  async save(bytes: Buffer): Promise<void> {
    await writeFileAtomic(this.path, bytes);
  }

  /** Forgets the config (a reset wiping STATE). */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
