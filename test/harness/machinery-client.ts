// The official Talos client library as a judge for tests that boot a real guest: test/interop's
// machinery-client command (github.com/siderolabs/talos/pkg/machinery v1.13.9), built once per run
// and called with the node's address.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './agent';

const INTEROP = join(REPO, 'test', 'interop');
const BINARY = join(INTEROP, 'bin', 'machinery-client');

let built = false;

/** Builds the command (needs Go and the module proxy or a filled module cache, as the interop tests). */
export function buildMachineryClient(): string {
  if (!built) {
    execFileSync('go', ['build', '-o', BINARY, './cmd/machinery-client'], { cwd: INTEROP, stdio: 'inherit' });
    built = existsSync(BINARY);
  }
  return BINARY;
}

/** A failed call: the gRPC code by name (e.g. `InvalidArgument`) and the message, as the client saw them. */
export class MachineryError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** What the command printed before it failed (a stream's answers so far). */
    readonly stdout = '',
  ) {
    super(`${code}: ${message}`);
  }
}

export interface MachineryTarget {
  /** The node's address; the client dials port 50000 as talosctl does. */
  readonly endpoint: string;
  /** The talosconfig to authenticate with; without it only the `*-insecure` commands work. */
  readonly talosconfig?: string;
}

/** Runs one command (see cmd/machinery-client) and returns its stdout; rejects with MachineryError. */
export function machinery(
  target: MachineryTarget,
  args: readonly string[],
  timeoutMs = 30_000,
  /** What the command reads on its standard input (closed after it). */
  input?: Buffer,
): Promise<string> {
  const flags = ['-e', target.endpoint, '-timeout', `${timeoutMs}ms`];
  if (target.talosconfig) flags.push('-talosconfig', target.talosconfig);
  return new Promise((resolve, reject) => {
    const child = execFile(
      buildMachineryClient(),
      [...flags, ...args],
      { maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const m = /^error: (\w+): ([\s\S]*)$/.exec(stderr.trim());
        reject(
          m
            ? new MachineryError(m[1]!, m[2]!, stdout)
            : new MachineryError('Unknown', stderr.trim() || err.message, stdout),
        );
      },
    );
    child.stdin?.end(input ?? Buffer.alloc(0));
  });
}
