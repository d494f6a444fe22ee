// A restart policy around another runner (Talos's restart runner): Forever runs it again whenever it
// exits, UntilSuccess until it exits cleanly, Once just once; with a pause between runs.
import { sleep } from './health';
import { errorMessage } from '../error-message';
import type { Runner, RunnerEventSink } from './service';

export type RestartPolicy = 'Forever' | 'Once' | 'UntilSuccess';

export interface RestartRunnerOptions {
  /** Default Forever. */
  readonly policy?: RestartPolicy;
  /** The pause before the next run (Talos: 5 s). */
  readonly restartIntervalMs?: number;
}

export const DEFAULT_RESTART_INTERVAL_MS = 5_000;

export class RestartRunner implements Runner {
  readonly policy: RestartPolicy;
  private readonly intervalMs: number;
  private stopRequest = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly inner: Runner,
    opts: RestartRunnerOptions = {},
  ) {
    this.policy = opts.policy ?? 'Forever';
    this.intervalMs = opts.restartIntervalMs ?? DEFAULT_RESTART_INTERVAL_MS;
  }

  get pid(): number | undefined {
    return this.inner.pid;
  }

  run(onRunning: (message?: string) => void, record: RunnerEventSink = () => undefined): Promise<void> {
    if (this.stopRequest.signal.aborted) this.stopRequest = new AbortController();
    const run = this.loop(onRunning, record, this.stopRequest.signal);
    this.running = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async loop(
    onRunning: (message?: string) => void,
    record: RunnerEventSink,
    stop: AbortSignal,
  ): Promise<void> {
    for (;;) {
      let error: unknown;
      let failed = false;
      try {
        await this.inner.run(onRunning, record);
      } catch (e: unknown) {
        error = e;
        failed = true;
      }
      // Asked to stop while it ran: what it said is the answer.
      if (stop.aborted) {
        if (failed) throw error;
        return;
      }
      if (!this.next(failed, error, record)) {
        if (failed) throw error;
        return;
      }
      if (!(await sleep(this.intervalMs, stop))) {
        record('Stopping', 'Aborting restart sequence');
        return;
      }
    }
  }

  /** Whether to run again, recording why (Talos's messages). */
  private next(failed: boolean, error: unknown, record: RunnerEventSink): boolean {
    const inner = this.inner.describe();
    switch (this.policy) {
      case 'Once':
        return false;
      case 'UntilSuccess':
        if (!failed) return false;
        record(
          'Waiting',
          `Error running ${inner}, going to restart until it succeeds: ${errorMessage(error)}`,
        );
        return true;
      case 'Forever':
        record(
          'Waiting',
          failed
            ? `Error running ${inner}, going to restart forever: ${errorMessage(error)}`
            : `Runner ${inner} exited without error, going to restart it`,
        );
        return true;
    }
  }

  async stop(): Promise<void> {
    this.stopRequest.abort();
    await this.inner.stop();
    await this.running;
  }

  describe(): string {
    return `Restart(${this.policy}, ${this.inner.describe()})`;
  }
}
