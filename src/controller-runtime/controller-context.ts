// The view of the store and of the runtime a controller gets (Talos: the controller runtime adapter).
import type { Logger } from '../log';
import type {
  ListOptions,
  NewResource,
  Resource,
  ResourceKind,
  ResourcePointer,
  WatchEvent,
  WatchKindOptions,
} from '../state';

/** Reads limited to declared inputs and outputs; anything else throws `InputNotDeclaredError`. */
export interface ControllerReader {
  get<S = unknown>(pointer: ResourcePointer): Promise<Resource<S>>;
  list<S = unknown>(kind: ResourceKind, opts?: ListOptions): Promise<Resource<S>[]>;
  /** Throws synchronously when the resource is not readable. */
  watch(pointer: ResourcePointer, signal: AbortSignal): AsyncIterable<WatchEvent>;
  /** Throws synchronously when the kind is not readable. */
  watchKind(kind: ResourceKind, signal: AbortSignal, opts?: WatchKindOptions): AsyncIterable<WatchEvent>;
}

/**
 * Writes limited to declared output types (else `OutputNotDeclaredError`), made as owner = controller name,
 * so the store refuses to touch a resource another controller owns (`isOwnerConflictError`).
 * Finalizers may be changed on strong inputs only (else `InputNotDeclaredError`).
 */
export interface ControllerWriter {
  create<S>(resource: NewResource<S>): Promise<Resource<S>>;
  update<S>(resource: Resource<S>): Promise<Resource<S>>;
  /**
   * Create or update; an unchanged spec writes nothing. An owned output left tearing down with no
   * finalizers (by an earlier cleanup) is destroyed and created anew; one still held by finalizers
   * makes this throw the store's phase conflict error.
   */
  modify<S>(
    pointer: ResourcePointer,
    fn: (current: S | undefined) => S,
    opts?: { labels?: Record<string, string> },
  ): Promise<Resource<S>>;
  /** Answers whether the resource can be destroyed now (no finalizers). */
  teardown(pointer: ResourcePointer): Promise<boolean>;
  destroy(pointer: ResourcePointer): Promise<void>;
  addFinalizer(pointer: ResourcePointer, ...finalizers: string[]): Promise<void>;
  /** A resource that is already gone is not an error. */
  removeFinalizer(pointer: ResourcePointer, ...finalizers: string[]): Promise<void>;
}

export interface OutputTracking {
  /** Begin a pass: every `create`/`update`/`modify` from now on marks its resource as kept. */
  startTrackingOutputs(): void;
  /**
   * End the pass: every output this controller owns and did not touch is torn down and destroyed; one
   * held by finalizers stays tearing down and the controller is woken when they are gone.
   * Lists `kinds` when given, else each output type in its declared namespace and in every namespace this
   * controller has written it to. Resets the restart backoff.
   */
  cleanupOutputs(kinds?: readonly ResourceKind[]): Promise<void>;
}

export interface ControllerContext extends ControllerReader, ControllerWriter, OutputTracking {
  readonly name: string;
  /** A child logger bound to `{controller: name}`. */
  readonly logger: Logger;
  /**
   * Resolves `true` once any input changed since the previous call (a burst of changes is one wake-up;
   * the first call after a start resolves at once), `false` when the signal fires.
   */
  nextEvent(signal: AbortSignal): Promise<boolean>;
  /** Wake the controller as if an input changed. */
  queueReconcile(): void;
  /** The next failure restarts after the initial delay again. */
  resetBackoff(): void;
}
