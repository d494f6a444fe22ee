// Reading the kernel's files. A /proc or /sys file reports no size, so it is read until the end; errors
// become ProcfsErrors worded as Go words them.
import { readFile, readlink } from 'node:fs/promises';
import { osError } from './errors';

/** The whole file as text. */
export async function readKernelFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e: unknown) {
    throw osError('open', path, e);
  }
}

/** The target of a symbolic link (`/proc/<pid>/exe`, `/proc/<pid>/fd/<n>`). */
export async function readKernelLink(path: string): Promise<string> {
  try {
    return await readlink(path);
  } catch (e: unknown) {
    throw osError('readlink', path, e);
  }
}
