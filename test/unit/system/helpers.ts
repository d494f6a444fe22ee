// Fixtures for the supervisor tests: a service context over MemoryState with the machined log captured,
// a runner the test drives by hand, and a service built from parts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createLogger } from '../../../src/log';
import { MemoryState } from '../../../src/state';
import { LogSources } from '../../../src/system/logs';
import type {
  Runner,
  RunnerEventSink,
  Service,
  ServiceContext,
  ServiceEvent,
} from '../../../src/system/service';

export { waitFor } from '../controller-runtime/helpers';

const scratch: string[] = [];
afterAll(() => {
  for (const d of scratch.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary directory that is removed when the test file is done. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

export function context(): ServiceContext & { state: MemoryState; machinedLog: () => string } {
  const logs = new LogSources();
  const state = new MemoryState();
  const logger = createLogger('console', 'info', logs.sink('machined'));
  return {
    state,
    logs,
    rootDir: scratchDir('talos-ts-system-'),
    logger,
    machinedLog: () => Buffer.concat(logs.source('machined').tail()).toString(),
  };
}

/** A runner that is "up" once run and exits when the test says so (or when stopped). */
export class FakeRunner implements Runner {
  runs = 0;
  stops = 0;
  record: RunnerEventSink = () => undefined;
  private exit: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(
    private readonly name = 'fake',
    private readonly onStop: () => Promise<void> = async () => undefined,
  ) {}

  run(onRunning: (message?: string) => void, record?: RunnerEventSink): Promise<void> {
    this.runs++;
    this.record = record ?? (() => undefined);
    return new Promise<void>((resolve, reject) => {
      this.exit = { resolve, reject };
      onRunning();
    });
  }

  /** Makes the current run end (with an error, if given). */
  finish(error?: Error): void {
    const exit = this.exit;
    this.exit = undefined;
    if (error) exit?.reject(error);
    else exit?.resolve();
  }

  get active(): boolean {
    return this.exit !== undefined;
  }

  async stop(): Promise<void> {
    this.stops++;
    if (!this.exit) return;
    await this.onStop();
    this.finish();
  }

  describe(): string {
    return `Fake(${JSON.stringify(this.name)})`;
  }
}

export interface ServiceParts extends Omit<Partial<Service>, 'runner' | 'dependsOn' | 'id'> {
  readonly runner?: Runner | (() => Promise<Runner | undefined>);
  readonly dependsOn?: readonly string[];
}

export function service(id: string, parts: ServiceParts = {}): Service {
  const { runner, dependsOn, ...rest } = parts;
  return {
    id,
    ...rest,
    dependsOn: () => dependsOn ?? [],
    runner: async () => (typeof runner === 'function' ? runner() : (runner ?? new FakeRunner(id))),
  };
}

export const messages = (events: readonly ServiceEvent[]): string[] =>
  events.map((e) => `${e.state}: ${e.message}`);

/** A condition the test satisfies by hand. */
export function manualCondition(description: string): {
  condition: { wait(signal: AbortSignal): Promise<void>; describe(): string };
  satisfy: () => void;
} {
  let satisfy = (): void => undefined;
  const held = new Promise<void>((resolve) => (satisfy = resolve));
  return {
    condition: {
      describe: () => description,
      wait: (signal) =>
        Promise.race([
          held,
          new Promise<void>((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('context canceled')), { once: true }),
          ),
        ]),
    },
    satisfy: () => satisfy(),
  };
}
