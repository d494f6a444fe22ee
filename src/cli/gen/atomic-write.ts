// Atomic file creation: data goes to a temporary file in the target directory, is fsynced, and is then
// moved into place. Without `overwrite`, the final step is a hard link, which fails if the target exists,
// so an existing file is never clobbered even if it appears after an earlier existence check.

import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export class FileExistsError extends Error {
  override name = 'FileExistsError';
  constructor(readonly path: string) {
    super(`file "${path}" already exists, use --force to overwrite`);
  }
}

export interface AtomicWriteOptions {
  /** permission bits for the new file (applied exactly, regardless of umask); default 0o600 */
  mode?: number;
  /** replace an existing file; default false */
  overwrite?: boolean;
}

function errno(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // directory fsync is best effort (not supported everywhere)
  }
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  const mode = opts.mode ?? 0o600;
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err: unknown) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  try {
    await chmod(tmp, mode);
    if (opts.overwrite) {
      await rename(tmp, path);
    } else {
      try {
        await link(tmp, path);
      } catch (err: unknown) {
        const code = errno(err);
        if (code === 'EEXIST') throw new FileExistsError(path);
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
        // no hard links here: fall back to an exclusive-create check, then rename
        const probe = await open(path, 'wx', mode).catch((e: unknown) => {
          if (errno(e) === 'EEXIST') throw new FileExistsError(path);
          throw e;
        });
        await probe.close();
        await rename(tmp, path);
      }
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  await syncDir(dir);
}
