// The ControllerContext implementation: one per registered controller, kept across its restarts.
import type { Logger } from '../log';
import {
  isNotFoundError,
  isPhaseConflictError,
  type ListOptions,
  type NewResource,
  type Resource,
  type ResourceKind,
  type ResourcePointer,
  type State,
  type WatchEvent,
  type WatchKindOptions,
} from '../state';
import { canChangeFinalizers, canRead, canWrite } from './access';
import { Backoff, type BackoffOptions } from './backoff';
import type { Controller, Input, Output } from './controller';
import type { ControllerContext } from './controller-context';
import { InputNotDeclaredError, OutputNotDeclaredError } from './errors';
import { OutputTracker } from './output-tracker';
import { Wakeup } from './wakeup';

export class ControllerAdapter implements ControllerContext {
  readonly name: string;
  readonly logger: Logger;
  readonly inputs: readonly Input[];
  readonly outputs: readonly Output[];
  private readonly backoff: Backoff;
  private readonly wakeup = new Wakeup();
  private readonly tracker: OutputTracker;
  /** A reconcile of the current run has begun; the next `nextEvent` means it finished cleanly. */
  private reconciling = false;

  constructor(
    readonly controller: Controller,
    private readonly state: State,
    logger: Logger,
    backoff: BackoffOptions = {},
  ) {
    this.name = controller.name;
    this.logger = logger.child({ controller: controller.name });
    this.inputs = Object.freeze([...controller.inputs()]);
    this.outputs = Object.freeze([...controller.outputs()]);
    this.backoff = new Backoff(backoff);
    this.tracker = new OutputTracker(this.name, state, () => this.wakeup.trigger(), this.logger);
  }

  // --- runtime side ---

  /** An input changed. */
  wake(): void {
    this.wakeup.trigger();
  }

  /** Called before each (re)start of `controller.run`. */
  beginRun(signal: AbortSignal): void {
    this.tracker.bind(signal);
    this.tracker.abandon();
    this.reconciling = false;
    this.wakeup.arm();
  }

  nextRestartDelay(): number {
    return this.backoff.next();
  }

  /** Waits for the destroy-ready watches of torn-down outputs to end. */
  drain(): Promise<void> {
    return this.tracker.drain();
  }

  // --- controller side ---

  async nextEvent(signal: AbortSignal): Promise<boolean> {
    if (this.reconciling) this.backoff.reset();
    this.reconciling = await this.wakeup.wait(signal);
    return this.reconciling;
  }

  queueReconcile(): void {
    this.wakeup.trigger();
  }

  resetBackoff(): void {
    this.backoff.reset();
  }

  async get<S = unknown>(p: ResourcePointer): Promise<Resource<S>> {
    this.checkRead(p, p.id);
    return this.state.get<S>(p);
  }

  async list<S = unknown>(kind: ResourceKind, opts?: ListOptions): Promise<Resource<S>[]> {
    this.checkRead(kind, undefined);
    return this.state.list<S>(kind, opts);
  }

  watch(p: ResourcePointer, signal: AbortSignal): AsyncIterable<WatchEvent> {
    this.checkRead(p, p.id);
    return this.state.watch(p, signal);
  }

  watchKind(kind: ResourceKind, signal: AbortSignal, opts?: WatchKindOptions): AsyncIterable<WatchEvent> {
    this.checkRead(kind, undefined);
    return this.state.watchKind(kind, signal, opts);
  }

  async create<S>(resource: NewResource<S>): Promise<Resource<S>> {
    this.checkWrite(resource.type, 'create');
    const created = await this.state.create(resource, { owner: this.name });
    this.tracker.record(resource);
    return created;
  }

  async update<S>(resource: Resource<S>): Promise<Resource<S>> {
    this.checkWrite(resource.metadata.type, 'update');
    const updated = await this.state.update(resource, { owner: this.name });
    this.tracker.record(resource.metadata);
    return updated;
  }

  async modify<S>(
    p: ResourcePointer,
    fn: (current: S | undefined) => S,
    opts: { labels?: Record<string, string> } = {},
  ): Promise<Resource<S>> {
    this.checkWrite(p.type, 'modify');
    const write = { owner: this.name, labels: opts.labels };
    let result: Resource<S>;
    try {
      result = await this.state.modify(p, fn, write);
    } catch (e: unknown) {
      if (!isPhaseConflictError(e)) throw e;
      // An output this controller tore down and nobody holds any more: replace it.
      const current = await this.state.get(p);
      if (current.metadata.owner !== this.name || current.metadata.finalizers.length > 0) throw e;
      await this.state.destroy(p, { owner: this.name });
      result = await this.state.modify(p, fn, write);
    }
    this.tracker.record(p);
    return result;
  }

  async teardown(p: ResourcePointer): Promise<boolean> {
    this.checkWrite(p.type, 'teardown');
    return this.state.teardown(p, { owner: this.name });
  }

  async destroy(p: ResourcePointer): Promise<void> {
    this.checkWrite(p.type, 'destroy');
    return this.state.destroy(p, { owner: this.name });
  }

  async addFinalizer(p: ResourcePointer, ...finalizers: string[]): Promise<void> {
    this.checkFinalizers(p);
    return this.state.addFinalizer(p, ...finalizers);
  }

  async removeFinalizer(p: ResourcePointer, ...finalizers: string[]): Promise<void> {
    this.checkFinalizers(p);
    try {
      await this.state.removeFinalizer(p, ...finalizers);
    } catch (e: unknown) {
      if (!isNotFoundError(e)) throw e;
    }
  }

  startTrackingOutputs(): void {
    this.tracker.start();
  }

  async cleanupOutputs(kinds?: readonly ResourceKind[]): Promise<void> {
    await this.tracker.cleanup(kinds ?? this.outputKinds());
    this.backoff.reset();
  }

  private outputKinds(): ResourceKind[] {
    const kinds = new Map<string, ResourceKind>();
    for (const o of this.outputs) {
      const namespaces = this.tracker.namespacesOf(o.type);
      if (o.namespace !== undefined) namespaces.push(o.namespace);
      for (const namespace of namespaces)
        kinds.set(`${namespace}\u0000${o.type}`, { namespace, type: o.type });
    }
    return [...kinds.values()];
  }

  private checkRead(kind: ResourceKind, id: string | undefined): void {
    if (!canRead(this.inputs, this.outputs, kind.namespace, kind.type, id)) {
      throw new InputNotDeclaredError(this.name, { namespace: kind.namespace, type: kind.type, id }, 'read');
    }
  }

  private checkWrite(type: string, operation: string): void {
    if (!canWrite(this.outputs, type)) throw new OutputNotDeclaredError(this.name, type, operation);
  }

  private checkFinalizers(p: ResourcePointer): void {
    if (!canChangeFinalizers(this.inputs, p)) {
      throw new InputNotDeclaredError(
        this.name,
        { namespace: p.namespace, type: p.type, id: p.id },
        'finalizer',
      );
    }
  }
}
