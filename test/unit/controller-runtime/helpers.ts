// Shared fixtures for the controller runtime tests: a runtime over MemoryState with captured logs,
// a controller built from a reconcile function, and a bounded poll.
import { captureLogs } from '../../harness/log-capture';
import {
  ControllerRuntime,
  type Controller,
  type ControllerContext,
  type ControllerRuntimeOptions,
  type Input,
  type Output,
} from '../../../src/controller-runtime';
import { MemoryState, type State } from '../../../src/state';

/** Polls `check` until it returns a value other than undefined/false; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  what = 'condition',
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface LogRecord {
  readonly msg?: string;
  readonly component?: string;
  readonly controller?: string;
  readonly error?: string;
  readonly restartInMs?: number;
  readonly level?: number;
}

export interface Harness {
  readonly state: State;
  readonly runtime: ControllerRuntime;
  readonly stop: AbortController;
  logs(): LogRecord[];
  /** Starts `runtime.run`; `running` resolves when it returns. */
  start(): { running: Promise<void> };
  /** Aborts and waits for `run` to return. */
  shutdown(): Promise<void>;
}

export function harness(
  opts: Partial<ControllerRuntimeOptions> = {},
  state: State = new MemoryState(),
): Harness {
  const capture = captureLogs('debug');
  const runtime = new ControllerRuntime(state, {
    logger: capture.logger,
    backoff: { initialMs: 5 },
    ...opts,
  });
  const stop = new AbortController();
  let running: Promise<void> | undefined;
  return {
    state,
    runtime,
    stop,
    logs: () =>
      capture
        .text()
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as LogRecord),
    start() {
      running = runtime.run(stop.signal);
      return { running };
    },
    async shutdown() {
      stop.abort();
      await running;
    },
  };
}

export interface FnControllerSpec {
  readonly name: string;
  readonly inputs?: readonly Input[];
  readonly outputs?: readonly Output[];
  /** One reconcile; throwing fails the run. */
  readonly reconcile?: (ctx: ControllerContext) => Promise<void> | void;
}

/** A controller whose loop calls `reconcile` on each wake-up; exposes its context and counters. */
export class FnController implements Controller {
  readonly name: string;
  ctx: ControllerContext | undefined;
  runs = 0;
  reconciles = 0;

  constructor(private readonly spec: FnControllerSpec) {
    this.name = spec.name;
  }

  inputs(): readonly Input[] {
    return this.spec.inputs ?? [];
  }

  outputs(): readonly Output[] {
    return this.spec.outputs ?? [];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    this.ctx = ctx;
    this.runs++;
    while (await ctx.nextEvent(signal)) {
      this.reconciles++;
      await this.spec.reconcile?.(ctx);
    }
  }
}

export const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms));
