// Every file the agent writes is written whole or not at all: a temporary file beside the target,
// fsync, rename over the target, fsync of the directory. A crash leaves the old or the new content.
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode (default 0600). */
  readonly mode?: number;
  /** Mode of directories created on the way (default 0700). */
  readonly dirMode?: number;
  /** User (and group) to own the file, set before it replaces the target. */
  readonly owner?: number;
}

let sequence = 0;

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: opts.dirMode ?? 0o700 });
  const tmp = `${path}.${process.pid}.${++sequence}.tmp`;
  try {
    const fh = await open(tmp, 'w', opts.mode ?? 0o600);
    try {
      await fh.writeFile(data);
      // the mode again: open's mode is filtered by the umask
      await fh.chmod(opts.mode ?? 0o600);
      if (opts.owner !== undefined) await fh.chown(opts.owner, opts.owner);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dh = await open(dir, 'r');
    try {
      await dh.sync();
    } finally {
      await dh.close();
    }
  } catch (e: unknown) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes (atomically) unless the file already holds exactly `data` with the asked mode; whether it
 * wrote. For files rendered from resources on every reconcile: an unchanged one is left alone.
 */
export async function writeFileIfChanged(
  path: string,
  data: string,
  opts: AtomicWriteOptions = {},
): Promise<boolean> {
  const current = (await readFileIfExists(path))?.toString();
  if (current === data && ((await stat(path)).mode & 0o777) === (opts.mode ?? 0o600)) return false;
  await writeFileAtomic(path, data, opts);
  return true;
}

/** The file's bytes, or undefined when it does not exist. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
