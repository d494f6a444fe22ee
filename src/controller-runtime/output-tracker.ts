// Output tracking for one controller: which outputs a pass touched, which namespaces it ever wrote,
// and, for outputs whose destroy waits on finalizers, a watch that wakes the controller when they are gone.
import type { Logger } from '../log';
import {
  isConflictError,
  isNotFoundError,
  pointerString,
  type Resource,
  type ResourceKind,
  type ResourcePointer,
  type State,
} from '../state';
import { OutputTrackingError } from './errors';

export class OutputTracker {
  private touched: Set<string> | undefined;
  private readonly written = new Map<string, Set<string>>();
  private readonly waits = new Map<string, Promise<void>>();
  private signal: AbortSignal | undefined;

  constructor(
    private readonly owner: string,
    private readonly state: State,
    private readonly wake: () => void,
    private readonly logger: Logger,
  ) {}

  /** Destroy-ready watches run until this signal fires (the runtime's); without one they are not started. */
  bind(signal: AbortSignal): void {
    this.signal = signal;
  }

  start(): void {
    this.touched = new Set();
  }

  /** Forget an unfinished pass (the controller restarted). */
  abandon(): void {
    this.touched = undefined;
  }

  record(p: ResourcePointer): void {
    let namespaces = this.written.get(p.type);
    if (!namespaces) this.written.set(p.type, (namespaces = new Set()));
    namespaces.add(p.namespace);
    this.touched?.add(pointerString(p));
  }

  namespacesOf(type: string): string[] {
    return [...(this.written.get(type) ?? [])];
  }

  async cleanup(kinds: readonly ResourceKind[]): Promise<void> {
    const touched = this.touched;
    if (!touched) throw new OutputTrackingError(this.owner);
    for (const kind of kinds) {
      for (const r of await this.state.list(kind)) {
        if (r.metadata.owner !== this.owner || touched.has(pointerString(r.metadata))) continue;
        await this.release(r);
      }
    }
    this.touched = undefined;
  }

  /** Resolves when every destroy-ready watch has ended (they end when the bound signal fires). */
  async drain(): Promise<void> {
    while (this.waits.size > 0) await Promise.all([...this.waits.values()]);
  }

  private async release(r: Resource): Promise<void> {
    const p: ResourcePointer = r.metadata;
    if (await this.state.teardown(p, { owner: this.owner })) {
      try {
        await this.state.destroy(p, { owner: this.owner });
        this.logger.debug({ resource: pointerString(p) }, 'destroyed stale output');
        return;
      } catch (e: unknown) {
        if (isNotFoundError(e)) return;
        if (!isConflictError(e)) throw e; // a finalizer arrived in between: wait for it like below
      }
    }
    this.logger.debug({ resource: pointerString(p) }, 'stale output torn down, waiting for finalizers');
    this.awaitDestroyReady(p);
  }

  private awaitDestroyReady(p: ResourcePointer): void {
    const signal = this.signal;
    const key = pointerString(p);
    if (!signal || signal.aborted || this.waits.has(key)) return;
    const task = this.watchUntilDestroyReady(p, signal).finally(() => this.waits.delete(key));
    this.waits.set(key, task);
  }

  private async watchUntilDestroyReady(p: ResourcePointer, signal: AbortSignal): Promise<void> {
    try {
      for await (const e of this.state.watch(p, signal)) {
        const md = e.resource?.metadata;
        if (e.type === 'errored') return this.wake();
        // Gone, or no longer the output this controller let go of: nothing left to destroy.
        if (e.type === 'destroyed' || !md || md.owner !== this.owner || md.phase !== 'tearingDown') return;
        if (md.finalizers.length === 0) return this.wake();
      }
    } catch (e: unknown) {
      this.logger.warn(
        { resource: pointerString(p), error: String(e) },
        'watching a torn-down output failed',
      );
      this.wake();
    }
  }
}
