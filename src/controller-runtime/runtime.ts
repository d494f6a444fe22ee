// The controller runtime: registers controllers (checking outputs), watches their inputs, wakes them,
// restarts failed ones with backoff, and stops everything when the signal fires.
import { setMaxListeners } from 'node:events';
import type { Logger } from '../log';
import type { State } from '../state';
import type { BackoffOptions } from './backoff';
import type { Controller } from './controller';
import { ControllerAdapter } from './controller-adapter';
import { superviseController } from './controller-runner';
import { DependencyGraph, type ControllerRuntimeDependency } from './dependency-graph';
import { DuplicateControllerError, RuntimeStartedError } from './errors';
import { watchInputKind, type InputRoute } from './input-watch';

export interface ControllerRuntimeOptions {
  /** Parent logger: the runtime logs under `{component: 'controller-runtime'}`, controllers under `{controller}`. */
  readonly logger: Logger;
  /** Restart delays of failed controllers (default 100 ms doubling to 30 s). */
  readonly backoff?: BackoffOptions;
  /** Delay before reopening a failed input watch, in ms (default 1 000). */
  readonly watchRetryMs?: number;
}

export class ControllerRuntime {
  private readonly adapters = new Map<string, ControllerAdapter>();
  private readonly graph = new DependencyGraph();
  private readonly logger: Logger;
  private started = false;

  constructor(
    private readonly state: State,
    private readonly opts: ControllerRuntimeOptions,
  ) {
    this.logger = opts.logger.child({ component: 'controller-runtime' });
  }

  /** Throws `DuplicateControllerError`, `OutputConflictError` or, once running, `RuntimeStartedError`. */
  register(controller: Controller): void {
    if (this.started) throw new RuntimeStartedError('register');
    if (this.adapters.has(controller.name)) throw new DuplicateControllerError(controller.name);
    const adapter = new ControllerAdapter(controller, this.state, this.opts.logger, this.opts.backoff);
    this.graph.add(controller, adapter.inputs, adapter.outputs);
    this.adapters.set(controller.name, adapter);
  }

  /** Runs every controller until the signal fires; resolves once all of them and all watches have stopped. */
  async run(outer: AbortSignal): Promise<void> {
    if (this.started) throw new RuntimeStartedError('run');
    this.started = true;
    // Every controller loop and input watch listens on this one signal: no listener limit applies to it.
    const stop = new AbortController();
    setMaxListeners(0, stop.signal);
    if (outer.aborted) stop.abort();
    else outer.addEventListener('abort', () => stop.abort(), { once: true });
    const signal = stop.signal;
    const adapters = [...this.adapters.values()];
    const watches = [...this.routesByKind(adapters).values()].map(({ kind, routes }) =>
      watchInputKind({
        state: this.state,
        kind,
        routes,
        signal,
        logger: this.logger,
        retryMs: this.opts.watchRetryMs ?? 1000,
      }),
    );
    // Controllers start once every input watch is positioned, so no change after their first read is missed.
    await Promise.all(watches.map((w) => w.ready));
    this.logger.debug(
      { controllers: adapters.length, watches: watches.length },
      'controller runtime started',
    );
    await Promise.all(adapters.map((a) => superviseController(a, signal, this.logger)));
    await Promise.all(watches.map((w) => w.done));
    await Promise.all(adapters.map((a) => a.drain()));
    this.logger.debug('controller runtime stopped');
  }

  /** The controller/resource graph, shaped like `inspect.ControllerRuntimeDependency` (without metadata). */
  dependencies(): ControllerRuntimeDependency {
    return this.graph.export();
  }

  private routesByKind(adapters: readonly ControllerAdapter[]) {
    const kinds = new Map<string, { kind: { namespace: string; type: string }; routes: InputRoute[] }>();
    for (const adapter of adapters) {
      for (const input of adapter.inputs) {
        const key = `${input.namespace}\u0000${input.type}`;
        let entry = kinds.get(key);
        if (!entry)
          kinds.set(key, (entry = { kind: { namespace: input.namespace, type: input.type }, routes: [] }));
        entry.routes.push({ input, wake: () => adapter.wake() });
      }
    }
    return kinds;
  }
}
