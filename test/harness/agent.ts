// Starts a real agent (the built bundle) as a child process in container mode, on a loopback
// address of the test's choosing, and stops it when the test is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:tls';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startNodeSandbox } from '../../src/platform/container/node-sandbox';

export const REPO = resolve(import.meta.dirname, '..', '..');
export const BIN = process.env['TALOS_TS_BIN'] ?? join(REPO, 'dist', 'talos-ts.js');

export interface Agent {
  readonly address: string;
  readonly stateDir: string;
  readonly output: () => string;
  readonly pid: number;
  /** Resolves with the exit code (null after a signal) when the agent process ends. */
  readonly exit: Promise<number | null>;
  /** SIGKILL to the agent and everything it started (its process group): a power cut. */
  powerCut(): Promise<void>;
  stop(): Promise<void>;
  /** Waits until apid completes a TLS handshake (bounded). */
  waitReady(): Promise<void>;
}

export async function makeStateDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'talos-ts-state-'));
}

export interface AgentOptions {
  /** A network namespace (made by the test) to run the agent in, with `ip netns exec`. */
  readonly netns?: string;
  /** Node options before the agent's script, e.g. `--import` of a test fixture. */
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

export function startAgent(address: string, stateDir: string, opts: AgentOptions = {}): Agent {
  let out = '';
  const argv = [
    ...(opts.nodeArgs ?? []),
    BIN,
    'machined',
    '--platform',
    'container',
    '--state-dir',
    stateDir,
    '--listen',
    address,
  ];
  const child: ChildProcess = spawn(
    opts.netns ? 'ip' : process.execPath,
    opts.netns ? ['netns', 'exec', opts.netns, process.execPath, ...argv] : argv,
    // its own process group, so that whatever it started (etcd, containerd) can be reaped with it
    { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, ...opts.env } },
  );
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const exited = exit.then(() => undefined);
  const killGroup = (): void => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is empty: nothing left
    }
  };
  return {
    address,
    stateDir,
    output: () => out,
    pid: child.pid!,
    exit,
    async powerCut() {
      killGroup();
      await exited;
      // the group's other members are gone too once none answers signal 0
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(-child.pid!, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      // A graceful stop has stopped the services already; after a forced one, nothing may outlive it.
      killGroup();
    },
    async waitReady() {
      for (let i = 0; i < 300; i++) {
        if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}:\n${out}`);
        if (await handshake(address, 50000)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`agent on ${address} did not become ready:\n${out}`);
    },
  };
}

export interface SandboxedAgentOptions {
  /** The node's network namespace (made by the test). */
  readonly netns: string;
  /** The node's CNI plugins (/opt/cni/bin). */
  readonly cniBinDir?: string;
}

/**
 * Starts an agent in a node sandbox of its own (src/platform/container/node-sandbox.ts): its own mount,
 * PID and cgroup namespaces in the test's network namespace `netns`, so a real kubelet and its
 * containerd see Talos's paths. `stop()` ends the whole node and removes its cgroups.
 */
export async function startSandboxedAgent(
  address: string,
  stateDir: string,
  opts: SandboxedAgentOptions,
): Promise<Agent> {
  let out = '';
  const sandbox = await startNodeSandbox({
    stateDir,
    netns: opts.netns,
    ...(opts.cniBinDir !== undefined ? { cniBinDir: opts.cniBinDir } : {}),
    command: [
      process.execPath,
      BIN,
      'machined',
      '--platform',
      'container',
      '--state-dir',
      stateDir,
      '--listen',
      address,
    ],
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = sandbox.process;
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  return {
    address,
    stateDir,
    output: () => out,
    pid: child.pid!,
    exit: sandbox.exited,
    async powerCut() {
      await sandbox.stop(0); // KILL to the whole node at once
    },
    async stop() {
      await sandbox.stop();
    },
    async waitReady() {
      for (let i = 0; i < 600; i++) {
        if (child.exitCode !== null) throw new Error(`agent exited with ${child.exitCode}:\n${out}`);
        if (await handshake(address, 50000)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`agent on ${address} did not become ready:\n${out}`);
    },
  };
}

/** Whether a TLS handshake (client cert not offered) gets as far as the server's certificate. */
export function handshake(host: string, port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const s = connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ['h2'] });
    const done = (ok: boolean): void => {
      s.destroy();
      resolvePromise(ok);
    };
    s.once('secureConnect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(1000, () => done(false));
  });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
