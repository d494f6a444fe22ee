// Failures reading the kernel's views (/proc, /sys, /dev/kmsg), worded as Talos's Go code words them
// (`open /proc/meminfo: no such file or directory`), so a client sees the same text from either node.
export class ProcfsError extends Error {
  override readonly name: string = 'ProcfsError';
}

export const isProcfsError = (e: unknown): e is ProcfsError => e instanceof ProcfsError;

/** The errno code of a Node.js system error, if it is one (`ENOENT`, `EAGAIN`…). */
export function errnoCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string'
    ? e.code
    : undefined;
}

/**
 * A system error as Go's os package words it: `<op> <path>: <description>`. Node.js words it
 * `ENOENT: no such file or directory, open '/proc/x'`; the description is the part between the code
 * and the comma.
 */
export function osError(op: string, path: string, e: unknown): ProcfsError {
  const message = e instanceof Error ? e.message : String(e);
  const code = errnoCode(e);
  const described = code !== undefined ? /^[A-Z0-9_]+: ([^,]+)/.exec(message)?.[1] : undefined;
  return new ProcfsError(`${op} ${path}: ${described ?? message}`);
}

/** A malformed line or value in a kernel file. */
export function parseError(file: string, what: string): ProcfsError {
  return new ProcfsError(`error parsing ${file}: ${what}`);
}
