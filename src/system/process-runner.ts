// Runs a service as a child process (Talos's process runner): no shell; stdout and stderr go line by
// line to the service's log source (and to a log file if given); stop is SIGTERM, then SIGKILL after the
// grace period. OOM score and cgroup placement are applied best-effort (a warning when not permitted).
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Logger } from '../log';
import { sleep } from './health';
import { errorMessage } from '../error-message';
import { LastLog } from './last-log';
import type { LogSources } from './logs';
import type { Runner, RunnerEventSink } from './service';

export interface ProcessRunnerOptions {
  /** The service id: the log source its output goes to. */
  readonly id: string;
  /** The executable and its arguments (run directly, no shell). */
  readonly args: readonly string[];
  /** Added to (and overriding) the agent's own environment. */
  readonly env?: Record<string, string>;
  readonly cwd?: string;
  readonly logs: LogSources;
  /** Also appended to this file, line by line. */
  readonly logFile?: string;
  /** Between SIGTERM and SIGKILL (default 10 s, as Talos). */
  readonly graceMs?: number;
  readonly oomScoreAdj?: number;
  /** A cgroup v2 directory (relative ones under /sys/fs/cgroup) the process is moved into. */
  readonly cgroup?: string;
  /** Where best-effort failures are reported; the service's log source when absent. */
  readonly logger?: Logger;
}

export const DEFAULT_GRACE_MS = 10_000;

/** Where a service's output is kept on disk, as Talos keeps it: /var/log/<id>.log under the root. */
export const serviceLogFile = (rootDir: string, id: string): string => join(rootDir, 'var/log', `${id}.log`);
const CGROUP_ROOT = '/sys/fs/cgroup';
/** How long output may still arrive after the process exited (a child of it may hold the pipes). */
const OUTPUT_DRAIN_MS = 1_000;

interface Attempt {
  readonly stop: AbortController;
  child?: ChildProcess;
  done?: Promise<void>;
}

export class ProcessRunner implements Runner {
  private attempt: Attempt | undefined;

  constructor(private readonly opts: ProcessRunnerOptions) {
    if (opts.args.length === 0) throw new RangeError('ProcessRunner needs the executable in args');
  }

  /** The process id while it runs. */
  get pid(): number | undefined {
    const child = this.attempt?.child;
    return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
  }

  describe(): string {
    return `Process([${this.opts.args.map((a) => JSON.stringify(a)).join(' ')}])`;
  }

  run(onRunning: (message?: string) => void, record: RunnerEventSink = () => undefined): Promise<void> {
    const attempt: Attempt = { stop: new AbortController() };
    this.attempt = attempt;
    attempt.done = this.runAttempt(attempt, onRunning, record).finally(() => {
      if (this.attempt === attempt) this.attempt = undefined;
    });
    return attempt.done;
  }

  /** Stops the running process (SIGTERM, SIGKILL after the grace period); at once if none runs. */
  async stop(): Promise<void> {
    const attempt = this.attempt;
    if (!attempt) return;
    attempt.stop.abort();
    await attempt.done?.catch(() => undefined);
  }

  private async runAttempt(
    attempt: Attempt,
    onRunning: (message?: string) => void,
    record: RunnerEventSink,
  ): Promise<void> {
    const file = this.opts.logFile ? await this.openLogFile(this.opts.logFile) : undefined;
    try {
      if (attempt.stop.signal.aborted) return;
      const [cmd, ...args] = this.opts.args as [string, ...string[]];
      const child = spawn(cmd, args, {
        cwd: this.opts.cwd,
        env: { ...process.env, ...this.opts.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      attempt.child = child;
      const lastLog = new LastLog();
      const output = this.capture(child, file, lastLog);
      const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
        child.once('exit', (code, signal) => res({ code, signal })),
      );
      try {
        await new Promise<void>((res, rej) => {
          child.once('spawn', res);
          child.once('error', rej);
        });
      } catch (e: unknown) {
        throw new Error(`error starting process: ${errorMessage(e)}`, { cause: e });
      }
      const pid = child.pid!;
      await this.applyProperties(pid);
      onRunning(`Process ${this.describe()} started with PID ${pid}`);

      const stopped = new Promise<'stop'>((res) => {
        if (attempt.stop.signal.aborted) res('stop');
        else attempt.stop.signal.addEventListener('abort', () => res('stop'), { once: true });
      });
      const first = await Promise.race([exit, stopped]);
      if (first === 'stop') {
        await this.terminate(child, exit, record);
        await output;
        return;
      }
      await output;
      if (first.code === 0) return;
      throw new Error(`${exitText(first.code, first.signal)} (last log ${JSON.stringify(lastLog.text())})`);
    } finally {
      if (file) await closeFile(file);
    }
  }

  private async terminate(
    child: ChildProcess,
    exit: Promise<unknown>,
    record: RunnerEventSink,
  ): Promise<void> {
    record('Stopping', `Sending SIGTERM to ${this.describe()}`);
    child.kill('SIGTERM');
    const wait = new AbortController();
    const exited = await Promise.race([
      exit.then(() => true),
      sleep(this.opts.graceMs ?? DEFAULT_GRACE_MS, wait.signal).then(() => false),
    ]);
    wait.abort();
    if (exited !== true) {
      record('Stopping', `Sending SIGKILL to ${this.describe()}`);
      child.kill('SIGKILL');
    }
    await exit;
  }

  /** stdout and stderr, line by line, into the log source (and file); resolves when both ended. */
  private async capture(child: ChildProcess, file: WriteStream | undefined, lastLog: LastLog): Promise<void> {
    const onLine = (line: Buffer): void => {
      lastLog.add(line);
      file?.write(Buffer.from(line));
    };
    const streams = [child.stdout!, child.stderr!];
    const ended = streams.map((s) => {
      const sink = this.opts.logs.sink(this.opts.id, { onLine });
      s.pipe(sink);
      return finished(sink).catch(() => undefined);
    });
    const all = Promise.all(ended);
    // Once the process is gone, output held open by a child of it is not waited for long.
    await new Promise<void>((res) => {
      child.once('exit', () => res());
      child.once('error', () => res());
    });
    const drain = new AbortController();
    const done = await Promise.race([
      all.then(() => true),
      sleep(OUTPUT_DRAIN_MS, drain.signal).then(() => false),
    ]);
    drain.abort();
    if (done !== true) {
      for (const s of streams) s.destroy();
      await all;
    }
  }

  private async openLogFile(path: string): Promise<WriteStream | undefined> {
    try {
      await mkdirs(dirname(path));
      const file = createWriteStream(path, { flags: 'a' });
      file.on('error', (e: unknown) => this.warn(`writing ${path}: ${errorMessage(e)}`));
      return file;
    } catch (e: unknown) {
      this.warn(`opening ${path}: ${errorMessage(e)}`);
      return undefined;
    }
  }

  /** OOM score and cgroup, best-effort: a process that is already gone is not an error. */
  private async applyProperties(pid: number): Promise<void> {
    const { cgroup, oomScoreAdj } = this.opts;
    if (cgroup) {
      const dir = resolve(CGROUP_ROOT, cgroup);
      try {
        await mkdirs(dir);
        await writeFile(`${dir}/cgroup.procs`, String(pid));
      } catch (e: unknown) {
        if (codeOf(e) !== 'ESRCH')
          this.warn(`failed to move process ${pid} to cgroup ${dir}: ${errorMessage(e)}`);
      }
    }
    if (oomScoreAdj !== undefined && oomScoreAdj !== 0) {
      try {
        await writeFile(`/proc/${pid}/oom_score_adj`, String(oomScoreAdj));
      } catch (e: unknown) {
        if (codeOf(e) !== 'ENOENT' && codeOf(e) !== 'ESRCH') {
          this.warn(`failed to change OOMScoreAdj of process ${pid} to ${oomScoreAdj}: ${errorMessage(e)}`);
        }
      }
    }
  }

  private warn(message: string): void {
    if (this.opts.logger) this.opts.logger.warn({ service: this.opts.id }, message);
    else this.opts.logs.source(this.opts.id).append(Buffer.from(`[talos] warning: ${message}\n`));
  }
}

const codeOf = (e: unknown): unknown => (e as { code?: unknown } | undefined)?.code;

/** mkdir -p, one level at a time (Node's recursive mkdir never returns for some paths under /proc). */
async function mkdirs(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (e: unknown) {
    if (codeOf(e) === 'EEXIST') return;
    if (codeOf(e) !== 'ENOENT' || dirname(dir) === dir) throw e;
    await mkdirs(dirname(dir));
    await mkdir(dir).catch((again: unknown) => {
      if (codeOf(again) !== 'EEXIST') throw again;
    });
  }
}

const SIGNAL_TEXT: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'killed',
  SIGTERM: 'terminated',
  SIGINT: 'interrupt',
  SIGHUP: 'hangup',
  SIGQUIT: 'quit',
  SIGABRT: 'aborted',
  SIGSEGV: 'segmentation fault',
  SIGBUS: 'bus error',
  SIGPIPE: 'broken pipe',
};

/** Go's ExitError text: "exit status 3", "signal: killed". */
function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${SIGNAL_TEXT[signal] ?? signal}`;
  return `exit status ${code ?? -1}`;
}

async function closeFile(file: WriteStream): Promise<void> {
  await new Promise<void>((res) => file.end(() => res()));
}
