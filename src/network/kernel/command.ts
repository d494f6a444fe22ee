// The kernel's network state is read and changed through iproute2 (`ip -json`) and wireguard-tools
// (`wg`), Debian's own programs: no native addon in the agent, one well-kept tool per job, and the same
// commands a person would type to check what the agent did.
import { execFile } from 'node:child_process';

/** A command that failed: the program, its arguments and what it printed on stderr. */
export class KernelCommandError extends Error {
  override readonly name = 'KernelCommandError';
  constructor(
    readonly command: string,
    readonly stderr: string,
  ) {
    super(`${command}: ${stderr}`);
  }

  /** The kernel refused because the object is already there (EEXIST). */
  get exists(): boolean {
    return /File exists/i.test(this.stderr);
  }

  /** The kernel has no such object (ENOENT, ESRCH, ENODEV, EADDRNOTAVAIL). */
  get missing(): boolean {
    return /No such (process|file|device)|Cannot find device|Cannot assign requested address/i.test(
      this.stderr,
    );
  }

  /** The kernel cannot make such a link (its driver is not built in or loaded). */
  get unsupported(): boolean {
    return /Unknown device type|Operation not supported/i.test(this.stderr);
  }
}

export const isKernelCommandError = (e: unknown): e is KernelCommandError => e instanceof KernelCommandError;

export interface RunOptions {
  readonly signal?: AbortSignal;
  /** Written to the program's standard input (keys are passed this way, never as arguments). */
  readonly input?: string;
}

/** Runs `program args`; rejects with KernelCommandError (keys are never part of `args`). */
export function run(program: string, args: readonly string[], o: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      program,
      args,
      { signal: o.signal, timeout: 30_000, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        if (err) {
          const detail = stderr.trim() || err.message;
          reject(new KernelCommandError(`${program} ${args.join(' ')}`, detail));
        } else resolve(stdout);
      },
    );
    if (o.input !== undefined) child.stdin?.end(o.input);
  });
}

export const ip = (args: readonly string[], o?: RunOptions): Promise<string> => run('ip', args, o);

/** `ip -json <args>`, parsed. */
export async function ipJSON<T>(args: readonly string[], o?: RunOptions): Promise<T[]> {
  const out = await ip(['-json', ...args], o);
  return out.trim() === '' ? [] : (JSON.parse(out) as T[]);
}
