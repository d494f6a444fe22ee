// Every file talos-ts writes is written whole or not at all: a hidden temporary file beside the target,
// fsync, then rename over the target (or, for a file that must not be replaced, a hard link that fails
// if the target exists), then fsync of the directory. A crash leaves the old or the new content.
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode, applied exactly whatever the umask (default 0600). */
  readonly mode?: number;
  /** Mode of directories created on the way (default 0700; masked by the umask). */
  readonly dirMode?: number;
  /** User (and group) to own the file, set before it replaces the target. */
  readonly owner?: number;
  /** false: never replace an existing file, even one that appears while writing (default true). */
  readonly overwrite?: boolean;
}

/** The target of a write that must not replace a file exists. */
export class FileExistsError extends Error {
  override name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`file "${path}" already exists`);
  }
}

export const isFileExistsError = (e: unknown): e is FileExistsError => e instanceof FileExistsError;

const errno = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

/** Errors of file systems without hard links, or that refuse fsync on a directory. */
const UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EINVAL']);

let sequence = 0;

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const mode = opts.mode ?? 0o600;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: opts.dirMode ?? 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${++sequence}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(data);
      // the mode again: open's mode is filtered by the umask
      await fh.chmod(mode);
      if (opts.owner !== undefined) await fh.chown(opts.owner, opts.owner);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.overwrite === false) await linkNew(tmp, path, mode);
    else await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  await syncDirectory(dir);
}

/** Puts `tmp` at `path` unless something is there already. */
async function linkNew(tmp: string, path: string, mode: number): Promise<void> {
  try {
    await link(tmp, path);
    return;
  } catch (e: unknown) {
    if (errno(e) === 'EEXIST') throw new FileExistsError(path);
    if (!UNSUPPORTED.has(errno(e) ?? '')) throw e;
  }
  // no hard links here: claim the name with an exclusive create, then rename over the claim
  const claim = await open(path, 'wx', mode).catch((e: unknown) => {
    throw errno(e) === 'EEXIST' ? new FileExistsError(path) : e;
  });
  await claim.close();
  await rename(tmp, path);
}

async function syncDirectory(dir: string): Promise<void> {
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch (e: unknown) {
    if (!UNSUPPORTED.has(errno(e) ?? '')) throw e;
  } finally {
    await dh.close();
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
    if (errno(e) === 'ENOENT') return undefined;
    throw e;
  }
}
