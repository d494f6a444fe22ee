// The machine config on disk: <state>/config.yaml, written atomically (temp file, fsync, rename).
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export class ConfigPersistence {
  readonly path: string;

  constructor(stateDir: string) {
    this.path = join(stateDir, 'config.yaml');
  }

  /** The persisted config bytes, or undefined when there is none. */
  async load(): Promise<Buffer | undefined> {
    try {
      return await readFile(this.path);
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async save(bytes: Buffer): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
      const dir = await open(dirname(this.path), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch (e: unknown) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
}
