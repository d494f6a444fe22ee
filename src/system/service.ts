// What a supervised service is (Talos's system.Service): an id, a pre step, a runner, a post step, a
// condition to wait for, the services it depends on, and an optional health check. The supervisor
// (src/system/supervisor.ts) drives each through its states; services/<id>.ts define them.
import type { Logger } from '../log';
import type { State } from '../state';
import type { LogSources } from './logs';

/** Talos's service states (events.ServiceState), in its enum order. */
export const SERVICE_STATES = [
  'Initialized',
  'Preparing',
  'Waiting',
  'Running',
  'Stopping',
  'Finished',
  'Failed',
  'Skipped',
  'Starting',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

export interface HealthStatus {
  /** True until the first check has run. */
  readonly unknown: boolean;
  readonly healthy: boolean;
  readonly lastMessage: string;
  readonly lastChange: Date;
}

export interface ServiceEvent {
  readonly message: string;
  readonly state: ServiceState;
  readonly health?: HealthStatus;
  readonly timestamp: Date;
}

/** health.Settings: initial delay, period and timeout of the check. */
export interface HealthSettings {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly timeoutMs: number;
}

/** What services get from the node: the resource store, its log sources, the root directory, a logger. */
export interface ServiceContext {
  readonly state: State;
  readonly logs: LogSources;
  /** The directory standing in for `/` (the state directory in container mode). */
  readonly rootDir: string;
  readonly logger: Logger;
}

/**
 * Runs one instance of a service's workload. `run` resolves when it exits (rejects on failure) and calls
 * `onRunning` once it is up; `stop` asks it to stop (SIGTERM, then SIGKILL after the grace period) and
 * resolves when it has.
 */
export interface Runner {
  /**
   * `onRunning` may carry the event's message (e.g. "Process … started with PID 42"); `record` lets
   * the runner report other states (Waiting while a restart policy pauses, Stopping while it stops).
   */
  run(onRunning: (message?: string) => void, record?: RunnerEventSink): Promise<void>;
  stop(): Promise<void>;
  /** e.g. "Process(["/usr/bin/etcd", ...])", for the "Started task" events. */
  describe(): string;
  /** The process id while it runs, if the runner has one. */
  readonly pid?: number;
}

/** Talos's events.Recorder: a runner reporting a state change of its service. */
export type RunnerEventSink = (state: ServiceState, message: string) => void;

/** A condition the service waits for before it starts (Talos conditions.Condition). */
export interface Condition {
  /** Resolves once it holds; rejects when the signal fires. */
  wait(signal: AbortSignal): Promise<void>;
  /** e.g. "etcd secrets to be ready", for the "Waiting for …" message. */
  describe(): string;
}

export interface Service {
  readonly id: string;
  /** Prepares (directories, files); throwing fails the service. */
  pre?(ctx: ServiceContext, signal: AbortSignal): Promise<void>;
  /** The runner, or undefined to skip the service (Skipped). */
  runner(ctx: ServiceContext): Promise<Runner | undefined>;
  post?(ctx: ServiceContext, state: ServiceState): Promise<void>;
  condition?(ctx: ServiceContext): Condition | undefined;
  dependsOn(ctx: ServiceContext): readonly string[];
  health?: {
    check(ctx: ServiceContext, signal: AbortSignal): Promise<void>;
    readonly settings: HealthSettings;
  };
  /** Talos's API limits: `talosctl service <id> start|stop|restart` (default false). */
  readonly apiStartAllowed?: boolean;
  readonly apiStopAllowed?: boolean;
  readonly apiRestartAllowed?: boolean;
}

/** One service as `talosctl services` shows it (machine.ServiceInfo). */
export interface ServiceInfo {
  readonly id: string;
  readonly state: ServiceState;
  /** The last events, oldest first (at most 64 kept). */
  readonly events: readonly ServiceEvent[];
  readonly health: HealthStatus;
}

/** A service's state change, as the `Events` RPC streams it (machine.ServiceStateEvent). */
export interface ServiceStateChange {
  readonly service: string;
  readonly event: ServiceEvent;
}

/** What the API and machined see of the supervisor (src/system/supervisor.ts implements it). */
export interface ServiceControl {
  list(): ServiceInfo[];
  info(id: string): ServiceInfo | undefined;
  /** Throws `UnknownServiceError` for an id that is not loaded. */
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  /** Whether the API may start/stop/restart it (Talos's limits). */
  apiAllowed(id: string, action: 'start' | 'stop' | 'restart'): boolean;
  /** Every state change from now on, until the returned function is called. */
  subscribe(listener: (change: ServiceStateChange) => void): () => void;
  /** Whether its runner loop is on now (Talos's IsRunning: started, not yet finished/failed/skipped). */
  isRunning?(id: string): boolean;
}

export class UnknownServiceError extends Error {
  constructor(readonly id: string) {
    super(`service "${id}" not found`);
    this.name = 'UnknownServiceError';
  }
}
