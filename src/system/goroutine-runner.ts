// Runs a service as an async function inside the agent (Talos's goroutine runner), for machined, apid
// and trustd themselves. Stop aborts its signal and waits (twice the grace period) for it to return.
import { sleep } from './health';
import { errorMessage } from '../error-message';
import type { Runner, RunnerEventSink } from './service';

export interface InProcessRunnerOptions {
  readonly id: string;
  /** Runs until the signal fires (then resolves, or rejects with the abort reason: both a clean stop). */
  readonly main: (signal: AbortSignal) => Promise<void>;
  /** Talos waits twice this for the function to return once stopped (default 10 s). */
  readonly graceMs?: number;
}

export class AbortedServiceError extends Error {
  constructor() {
    super('service aborted');
    this.name = 'AbortedServiceError';
  }
}

export class InProcessRunner implements Runner {
  private stopRequest: AbortController | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly opts: InProcessRunnerOptions) {}

  /** The agent's own process id while it runs. */
  get pid(): number | undefined {
    return this.done ? process.pid : undefined;
  }

  describe(): string {
    return `Goroutine(${JSON.stringify(this.opts.id)})`;
  }

  run(onRunning: (message?: string) => void, record: RunnerEventSink = () => undefined): Promise<void> {
    const stop = new AbortController();
    this.stopRequest = stop;
    const done = this.runMain(stop.signal, onRunning, record).finally(() => {
      if (this.done === done) {
        this.done = undefined;
        this.stopRequest = undefined;
      }
    });
    this.done = done;
    return done;
  }

  private async runMain(
    signal: AbortSignal,
    onRunning: (message?: string) => void,
    record: RunnerEventSink,
  ): Promise<void> {
    onRunning('Service started as goroutine');
    const main = this.callMain(signal);
    const stopped = new Promise<'stop'>((res) => {
      if (signal.aborted) res('stop');
      else signal.addEventListener('abort', () => res('stop'), { once: true });
    });
    if ((await Promise.race([main.then(() => 'exited' as const), stopped])) === 'exited') return;
    record('Stopping', 'Service stopping');
    const wait = new AbortController();
    const grace = (this.opts.graceMs ?? 10_000) * 2;
    const outcome = await Promise.race([main.then(() => 'exited' as const), sleep(grace, wait.signal)]);
    wait.abort();
    if (outcome === 'exited') return;
    record('Stopping', "Service hasn't stopped gracefully on timeout, aborting");
    throw new AbortedServiceError();
  }

  /** The function's result; an error it throws because it was stopped counts as a clean return. */
  private async callMain(signal: AbortSignal): Promise<void> {
    try {
      await this.opts.main(signal);
    } catch (e: unknown) {
      if (signal.aborted) return;
      throw e instanceof Error ? e : new Error(errorMessage(e));
    }
  }

  async stop(): Promise<void> {
    this.stopRequest?.abort();
    await this.done?.catch(() => undefined);
  }
}
