// The store interface: COSI semantics (versions, owners, phases, finalizers, watches).
import type { NewResource, Resource, ResourceKind, ResourcePointer } from './resource';

export type WatchEventType = 'created' | 'updated' | 'destroyed' | 'bootstrapped' | 'errored';

export interface WatchEvent {
  readonly type: WatchEventType;
  /** The resource after the change (for `destroyed`, as it was last). Absent for `bootstrapped`/`errored`. */
  readonly resource?: Resource;
  readonly old?: Resource;
  readonly error?: string;
  /** Opaque position to resume a kind watch from. */
  readonly bookmark?: string;
}

export interface LabelTerm {
  readonly key: string;
  readonly op: 'exists' | 'equal' | 'notExists' | 'in';
  readonly values?: readonly string[];
  readonly invert?: boolean;
}

export interface ListOptions {
  readonly labels?: readonly LabelTerm[];
  readonly idRegexp?: RegExp;
}

export interface WatchKindOptions extends ListOptions {
  /** Emit current contents first, then a `bootstrapped` event. */
  readonly bootstrapContents?: boolean;
  /** Resume after this bookmark instead of starting from now. */
  readonly startFromBookmark?: string;
  /** Replay up to this many past events first. */
  readonly tailEvents?: number;
}

export interface WriteOptions {
  /** Owner making the change; must match the resource's owner ('' for unowned). */
  readonly owner?: string;
}

export interface UpdateOptions extends WriteOptions {
  readonly expectedPhase?: 'running' | 'tearingDown' | 'any';
}

export interface State {
  get<S = unknown>(pointer: ResourcePointer): Promise<Resource<S>>;
  list<S = unknown>(kind: ResourceKind, opts?: ListOptions): Promise<Resource<S>[]>;
  create<S>(resource: NewResource<S>, opts?: WriteOptions): Promise<Resource<S>>;
  /** Version-checked: `resource.metadata.version` must be the stored version. */
  update<S>(resource: Resource<S>, opts?: UpdateOptions): Promise<Resource<S>>;
  /** Create or update under `owner`, the spec computed from the current one. */
  modify<S>(
    pointer: ResourcePointer,
    fn: (current: S | undefined) => S,
    opts?: WriteOptions & { labels?: Record<string, string> },
  ): Promise<Resource<S>>;
  /** Moves the resource to tearingDown; answers whether it can be destroyed now (no finalizers). */
  teardown(pointer: ResourcePointer, opts?: WriteOptions): Promise<boolean>;
  /** Refused while finalizers remain. */
  destroy(pointer: ResourcePointer, opts?: WriteOptions): Promise<void>;
  addFinalizer(pointer: ResourcePointer, ...finalizers: string[]): Promise<void>;
  removeFinalizer(pointer: ResourcePointer, ...finalizers: string[]): Promise<void>;
  /** Events of one resource: first its current state (created, or destroyed if absent), then changes. */
  watch(pointer: ResourcePointer, signal: AbortSignal): AsyncIterable<WatchEvent>;
  /** Events of a kind, optionally with the current contents first. */
  watchKind(kind: ResourceKind, signal: AbortSignal, opts?: WatchKindOptions): AsyncIterable<WatchEvent>;
}
