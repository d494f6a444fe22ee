// The service supervisor (Talos's system.Services): loads services, runs each one's state machine,
// stops them (all of them in reverse dependency order), lists them for the API, streams their events
// and mirrors them as Services.v1alpha1.talos.dev resources.
import type { ServiceStateEvent, ServiceStateSource } from './conditions';
import { sleep } from './health';
import { errorMessage } from '../error-message';
import {
  type Service,
  type ServiceContext,
  type ServiceControl,
  type ServiceEvent,
  type ServiceInfo,
  type ServiceStateChange,
  UnknownServiceError,
} from './service';
import { ServiceResources } from './service-resources';
import { ServiceRunner } from './service-runner';

export interface SupervisorOptions {
  /** How often a pending condition's description is refreshed (Talos: 1 s). */
  readonly waitCheckIntervalMs?: number;
  /** How long a service being stopped waits for the services depending on it (Talos: 30 s). */
  readonly dependentsTimeoutMs?: number;
}

export class Supervisor implements ServiceControl {
  private readonly runners = new Map<string, ServiceRunner>();
  private readonly listeners = new Set<(change: ServiceStateChange) => void>();
  /** Conditions waiting on other services. */
  private readonly watchers = new Set<() => void>();
  private readonly resources: ServiceResources;
  private readonly source: ServiceStateSource;
  private readonly waitCheckIntervalMs: number;
  private readonly dependentsTimeoutMs: number;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    opts: SupervisorOptions = {},
  ) {
    this.waitCheckIntervalMs = opts.waitCheckIntervalMs ?? 1_000;
    this.dependentsTimeoutMs = opts.dependentsTimeoutMs ?? 30_000;
    this.resources = new ServiceResources(ctx.state, ctx.logger);
    this.source = {
      has: (id) => this.runners.has(id),
      inState: (id: string, event: ServiceStateEvent) => this.runners.get(id)?.inState(event) ?? false,
      onChange: (listener) => {
        this.watchers.add(listener);
        return () => this.watchers.delete(listener);
      },
    };
  }

  /** Adds services (an id already loaded is kept as it is); their ids. Nothing once stopAll began. */
  load(...services: readonly Service[]): string[] {
    if (this.stopping) return [];
    for (const service of services) {
      if (this.runners.has(service.id)) continue;
      this.runners.set(
        service.id,
        new ServiceRunner(service, this.ctx, {
          source: this.source,
          publish: (event) => this.published(service.id, event),
          waitCheckIntervalMs: this.waitCheckIntervalMs,
        }),
      );
    }
    this.notifyWatchers();
    return services.map((s) => s.id);
  }

  /** Stops the services and forgets them; unknown ids are ignored. */
  async unload(...ids: readonly string[]): Promise<void> {
    if (this.stopping) return;
    const known = ids.filter((id) => this.runners.has(id));
    await this.stopServices(known, false);
    for (const id of known) this.runners.delete(id);
  }

  /** Starts the given services (all loaded ones by default). */
  async startAll(ids?: readonly string[]): Promise<void> {
    for (const id of ids ?? [...this.runners.keys()]) await this.start(id);
  }

  /** Starts its run loop unless it is on; resolves once the loop has begun. */
  async start(id: string): Promise<void> {
    const runner = this.require(id);
    if (this.stopping) return;
    runner.start();
  }

  /** Stops it (not waiting for the services depending on it) and resolves once it is stopped. */
  async stop(id: string): Promise<void> {
    this.require(id);
    if (this.stopping) return;
    await this.stopServices([id], false);
  }

  async restart(id: string): Promise<void> {
    await this.stop(id);
    await this.start(id);
  }

  /**
   * Stops every service, each one after the services depending on it (or after the dependents
   * timeout), and refuses to start any afterwards. Resolves once all are stopped and mirrored.
   */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      await this.stopServices([...this.runners.keys()], true);
      await this.resources.settled();
    })();
    return this.stopping;
  }

  isRunning(id: string): boolean {
    return this.require(id).running;
  }

  /** Sorted by id, as Talos lists them. */
  list(): ServiceInfo[] {
    return [...this.runners.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => r.info());
  }

  info(id: string): ServiceInfo | undefined {
    return this.runners.get(id)?.info();
  }

  apiAllowed(id: string, action: 'start' | 'stop' | 'restart'): boolean {
    const service = this.require(id).service;
    if (action === 'start') return service.apiStartAllowed ?? false;
    if (action === 'stop') return service.apiStopAllowed ?? false;
    return service.apiRestartAllowed ?? false;
  }

  subscribe(listener: (change: ServiceStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once the Services resources reflect every event so far. */
  settled(): Promise<void> {
    return this.resources.settled();
  }

  private require(id: string): ServiceRunner {
    const runner = this.runners.get(id);
    if (!runner) throw new UnknownServiceError(id);
    return runner;
  }

  private published(service: string, event: ServiceEvent): void {
    this.resources.record(service, event);
    for (const listener of [...this.listeners]) {
      try {
        listener({ service, event });
      } catch (e: unknown) {
        this.ctx.logger.warn({ service, error: errorMessage(e) }, 'service event listener failed');
      }
    }
    this.notifyWatchers();
  }

  private notifyWatchers(): void {
    for (const watcher of [...this.watchers]) watcher();
  }

  /**
   * Stops the services; with `withDependents`, also every service depending on them (transitively),
   * each one only once its dependents among them have stopped.
   */
  private async stopServices(ids: readonly string[], withDependents: boolean): Promise<void> {
    const toStop = new Set(ids.filter((id) => this.runners.has(id)));
    const dependents = new Map<string, string[]>();
    if (withDependents) {
      for (let grown = true; grown;) {
        grown = false;
        for (const runner of this.runners.values()) {
          if (toStop.has(runner.id)) continue;
          if (runner.service.dependsOn(this.ctx).some((d) => toStop.has(d))) {
            toStop.add(runner.id);
            grown = true;
          }
        }
      }
      for (const id of toStop) {
        for (const dep of this.require(id).service.dependsOn(this.ctx)) {
          dependents.set(dep, [...(dependents.get(dep) ?? []), id]);
        }
      }
    }
    await Promise.all(
      [...toStop].map(async (id) => {
        await this.waitStopped(id, dependents.get(id) ?? []);
        await this.require(id).stop();
      }),
    );
  }

  /** Waits for the dependents of `id` to stop, giving up after the dependents timeout. */
  private async waitStopped(id: string, dependents: readonly string[]): Promise<void> {
    const runners = dependents.flatMap((d) => this.runners.get(d) ?? []);
    if (runners.length === 0) return;
    const giveUp = new AbortController();
    const all = Promise.all(runners.map((r) => r.stopped())).then(() => true);
    const stopped = await Promise.race([
      all,
      sleep(this.dependentsTimeoutMs, giveUp.signal).then(() => false),
    ]);
    giveUp.abort();
    if (!stopped) this.ctx.logger.warn(`gave up on ${dependents.join(', ')} while stopping "${id}"`);
  }
}
