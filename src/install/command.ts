// Running the tools the installer drives (mkfs, partx, grub-install, mount), with their error output in
// the error when they fail.
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';

export type CommandRunner = (
  cmd: string,
  args: readonly string[],
  signal: AbortSignal,
  env?: Readonly<Record<string, string>>,
) => Promise<string>;

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly detail: string,
  ) {
    super(`${command} failed: ${detail}`);
    this.name = 'CommandError';
  }
}

export const runCommand: CommandRunner = (cmd, args, signal, env) =>
  new Promise((resolve, reject) => {
    execFile(
      cmd,
      [...args],
      { signal, timeout: 300_000, maxBuffer: 8 << 20, env: env ? { ...process.env, ...env } : process.env },
      (err, stdout, stderr) => {
        if (err) reject(new CommandError([cmd, ...args].join(' '), (stderr || err.message).trim()));
        else resolve(stdout);
      },
    );
  });

/**
 * Loads a kernel module (a file system's before a mount, a driver before its devices are looked for). Modules also load on demand, but an explicit
 * load names the cause when it fails; where the file system is built in (or there is no modprobe)
 * the mount itself decides.
 */
export async function loadModule(run: CommandRunner, name: string, signal: AbortSignal): Promise<void> {
  await run('modprobe', ['-q', name], signal).catch(() => undefined);
}

const SMALL_XFS_ENV = { TEST_DIR: tmpdir(), TEST_DEV: 'talos', QA_CHECK_FS: '1' };

/** Makes an XFS file system labelled `label` on `dev` (whatever was there is gone). */
export async function formatXfs(label: string, dev: string, run: CommandRunner, signal: AbortSignal) {
  // xfsprogs 6.1 refuses file systems under 300 MB (STATE is 100 MiB) unless it believes it runs
  // under fstests; newer versions have --unsupported for this, which Talos passes.
  return run('mkfs.xfs', ['-f', '-L', label, dev], signal, SMALL_XFS_ENV);
}
