// The machine config on disk: <state>/config.yaml, written atomically (temp file, fsync, rename). A
// power cut leaves the old or the new file, and perhaps a temporary file beside it, which the next
// start removes.
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readFileIfExists, writeFileAtomic } from '../../files/atomic-write';

export class ConfigPersistence {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'config.yaml');
  }

  /** The persisted config bytes, or undefined when there is none. */
  async load(): Promise<Buffer | undefined> {
    await this.removeTemporaries();
    return readFileIfExists(this.path);
  }

  /** What an interrupted write left: `config.yaml.<pid>.<n>.tmp`, never read as a config. */
  private async removeTemporaries(): Promise<void> {
    const dir = dirname(this.path);
    const name = basename(this.path).replace(/\./g, '\\.');
    const left = new RegExp(`^\\.?${name}\\.[0-9a-f.]+\\.tmp$`);
    for (const e of await readdir(dir).catch(() => [] as string[]))
      if (left.test(e)) await rm(join(dir, e), { force: true });
  }

  async save(bytes: Buffer): Promise<void> {
    await writeFileAtomic(this.path, bytes);
  }

  /** Forgets the config (a reset wiping STATE). */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
