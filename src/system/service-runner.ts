// One service's state machine, as Talos's ServiceRunner: Starting → Waiting (its dependencies and its
// condition) → Preparing (pre step, then the runner is made) → Running → Finished, Failed or Skipped,
// with the post step at the end. Every change is an event (the last 64 kept) and is published.
import { type ServiceStateEvent, type ServiceStateSource, waitForAll, waitForService } from './conditions';
import { EventHistory } from './event-history';
import { type HealthChange, HealthState, runHealthChecks } from './health';
import { errorMessage } from '../error-message';
import type {
  Condition,
  Runner,
  Service,
  ServiceContext,
  ServiceEvent,
  ServiceInfo,
  ServiceState,
} from './service';

export interface ServiceRunnerOptions {
  /** Where dependencies are looked up. */
  readonly source: ServiceStateSource;
  /** Every event recorded (state changes and health changes while running). */
  readonly publish: (event: ServiceEvent) => void;
  /** How often a pending condition's description is looked at again (Talos: 1 s). */
  readonly waitCheckIntervalMs: number;
}

/** The runner factory returned nothing: the service is skipped. */
class SkipError extends Error {
  constructor() {
    super('service skipped');
    this.name = 'SkipError';
  }
}

/** Go's fmt.Errorf("<context>: %w", e). */
const wrap = (context: string, e: unknown): Error =>
  new Error(`${context}: ${errorMessage(e)}`, { cause: e });
const capitalize = (s: string): string => (s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s);

export class ServiceRunner {
  readonly id: string;
  readonly health = new HealthState();
  private current: ServiceState = 'Initialized';
  private readonly history = new EventHistory();
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    readonly service: Service,
    private readonly ctx: ServiceContext,
    private readonly opts: ServiceRunnerOptions,
  ) {
    this.id = service.id;
  }

  get state(): ServiceState {
    return this.current;
  }

  /** Whether the run loop is on (from "Starting service" until the final state is recorded). */
  get running(): boolean {
    return this.loop !== undefined;
  }

  info(): ServiceInfo {
    return { id: this.id, state: this.current, events: this.history.get(), health: this.health.get() };
  }

  /** Talos's inState: up = running and healthy (or no check), finished or skipped; down = terminal. */
  inState(event: ServiceStateEvent): boolean {
    switch (event) {
      case 'up': {
        if (this.current === 'Skipped' || this.current === 'Finished') return true;
        if (this.current !== 'Running') return false;
        const h = this.health.get();
        return this.service.health === undefined || (!h.unknown && h.healthy);
      }
      case 'down':
        return this.current === 'Failed' || this.current === 'Finished' || this.current === 'Skipped';
      case 'finished':
        return this.current === 'Finished';
    }
  }

  /** Starts the run loop unless it is on; returns once "Starting service" is recorded. */
  start(): void {
    if (this.loop) return;
    const abort = new AbortController();
    this.abort = abort;
    this.record('Starting', 'Starting service');
    this.loop = this.runLoop(abort.signal);
  }

  /** Stops the run loop and resolves once its final state is recorded (at once if it is off). */
  async stop(): Promise<void> {
    const loop = this.loop;
    if (!loop) return;
    this.abort?.abort();
    await loop;
  }

  /** Resolves once the run loop is off, without asking it to stop. */
  async stopped(): Promise<void> {
    await this.loop;
  }

  private async runLoop(signal: AbortSignal): Promise<void> {
    let outcome: [ServiceState, string];
    try {
      await this.runOnce(signal);
      outcome = ['Finished', 'Service finished successfully'];
    } catch (e: unknown) {
      outcome =
        e instanceof SkipError ? ['Skipped', 'Service skipped'] : ['Failed', capitalize(errorMessage(e))];
    }
    this.loop = undefined;
    this.abort = undefined;
    this.record(...outcome);
  }

  private async runOnce(signal: AbortSignal): Promise<void> {
    const deps = this.service.dependsOn(this.ctx).map((d) => waitForService(this.opts.source, 'up', d));
    const condition = waitForAll(...deps, this.service.condition?.(this.ctx));
    if (condition) {
      try {
        await this.waitFor(condition, signal);
      } catch (e: unknown) {
        // Stopped before it started: a clean stop.
        if (signal.aborted) return;
        throw wrap('condition failed', e);
      }
    }

    this.record('Preparing', 'Running pre state');
    try {
      await this.service.pre?.(this.ctx, signal);
    } catch (e: unknown) {
      if (signal.aborted) return;
      throw wrap('failed to run pre stage', e);
    }
    if (signal.aborted) return;

    this.record('Preparing', 'Creating service runner');
    let runner: Runner | undefined;
    try {
      runner = await this.service.runner(this.ctx);
    } catch (e: unknown) {
      throw wrap('failed to create runner', e);
    }

    try {
      if (!runner) throw new SkipError();
      try {
        await this.runRunner(runner, signal);
      } catch (e: unknown) {
        throw wrap('failed running service', e);
      }
    } finally {
      await this.post();
    }
  }

  private async post(): Promise<void> {
    try {
      await this.service.post?.(this.ctx, this.current);
    } catch (e: unknown) {
      this.record('Failed', `Failed to run post stage: ${errorMessage(e)}`);
    }
  }

  /** "Waiting for …", again whenever the description of what is pending changes. */
  private async waitFor(condition: Condition, signal: AbortSignal): Promise<void> {
    let description = condition.describe();
    this.record('Waiting', `Waiting for ${description}`);
    const timer = setInterval(() => {
      const now = condition.describe();
      if (now !== description && now !== '') {
        description = now;
        this.record('Waiting', `Waiting for ${description}`);
      }
    }, this.opts.waitCheckIntervalMs);
    try {
      await condition.wait(signal);
    } finally {
      clearInterval(timer);
    }
  }

  /** Runs the runner (and the health checks) until it exits, or stops it once the signal fires. */
  private async runRunner(runner: Runner, signal: AbortSignal): Promise<void> {
    const check = this.service.health;
    const healthAbort = new AbortController();
    const unsubscribe = check ? this.health.subscribe((c) => this.healthChanged(c)) : undefined;
    const healthLoop = check
      ? runHealthChecks(check.settings, this.health, (s) => check.check(this.ctx, s), healthAbort.signal)
      : undefined;

    const onRunning = (message?: string): void =>
      this.record('Running', message ?? `${runner.describe()} started`);
    const onEvent = (state: ServiceState, message: string): void => {
      this.record(state, message);
      if (check && state !== 'Running') this.health.update(false, 'service not running');
    };

    const aborted = abortPromise(signal);
    try {
      const run = runner.run(onRunning, onEvent);
      const outcome = await Promise.race([
        run.then(
          () => 'exited' as const,
          (e: unknown) => {
            throw wrap('error running service', e);
          },
        ),
        aborted.promise,
      ]);
      if (outcome === 'exited') return;
      let stopError: unknown;
      try {
        await runner.stop();
      } catch (e: unknown) {
        stopError = e ?? new Error('unknown error');
      }
      // What the run says after it was asked to stop does not matter.
      await run.catch(() => undefined);
      if (stopError !== undefined) throw wrap('error stopping service', stopError);
    } finally {
      aborted.dispose();
      healthAbort.abort();
      await healthLoop;
      unsubscribe?.();
    }
  }

  /** A change of health while running is an event of its own. */
  private healthChanged(change: HealthChange): void {
    if (this.current !== 'Running') return;
    const message = change.new.healthy
      ? 'Health check successful'
      : `Health check failed: ${change.new.lastMessage}`;
    this.push({ message, state: 'Running', health: change.new, timestamp: new Date() });
  }

  private record(state: ServiceState, message: string): void {
    this.current = state;
    const health = state === 'Running' ? this.health.get() : undefined;
    this.push({ message, state, timestamp: new Date(), ...(health ? { health } : {}) });
  }

  private push(event: ServiceEvent): void {
    this.history.push(event);
    this.ctx.logger.info(`service[${this.id}](${this.current}): ${event.message}`);
    this.opts.publish(event);
  }
}

/** A promise that resolves 'aborted' when the signal fires; dispose removes the listener. */
function abortPromise(signal: AbortSignal): { promise: Promise<'aborted'>; dispose: () => void } {
  let onAbort = (): void => undefined;
  const promise = new Promise<'aborted'>((resolve) => {
    onAbort = () => resolve('aborted');
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}
