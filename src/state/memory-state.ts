// The in-memory store. Every method is atomic with respect to the others (single-threaded JS);
// watchers are fed from a bounded per-kind history.
import { isDeepStrictEqual } from 'node:util';
import { ConflictError, NotFoundError, OwnerConflictError, PhaseConflictError } from './errors';
import { decodeBookmark, KindLog } from './kind-log';
import { matchesListOptions } from './label-query';
import type { NewResource, Resource, ResourceKind, ResourceMetadata, ResourcePointer } from './resource';
import type { ListOptions, State, UpdateOptions, WatchEvent, WatchKindOptions, WriteOptions } from './state';

const kindKey = (k: ResourceKind): string => `${k.namespace}\u0000${k.type}`;

export interface MemoryStateOptions {
  /** Events kept per kind for watchers to catch up (default 1024). */
  readonly historyCapacity?: number;
}

export class MemoryState implements State {
  private readonly kinds = new Map<string, Map<string, Resource>>();
  private readonly logs = new Map<string, KindLog>();
  private readonly capacity: number;

  constructor(opts: MemoryStateOptions = {}) {
    this.capacity = opts.historyCapacity ?? 1024;
  }

  private bucket(kind: ResourceKind): Map<string, Resource> {
    const key = kindKey(kind);
    let b = this.kinds.get(key);
    if (!b) this.kinds.set(key, (b = new Map<string, Resource>()));
    return b;
  }

  private log(kind: ResourceKind): KindLog {
    const key = kindKey(kind);
    let l = this.logs.get(key);
    if (!l) this.logs.set(key, (l = new KindLog(this.capacity)));
    return l;
  }

  private current(p: ResourcePointer): Resource {
    const r = this.bucket(p).get(p.id);
    if (!r) throw new NotFoundError(p);
    return r;
  }

  private checkOwner(r: Resource, owner: string | undefined): void {
    if (r.metadata.owner !== (owner ?? ''))
      throw new OwnerConflictError(r.metadata, r.metadata.owner, owner ?? '');
  }

  private store(next: Resource, old: Resource | undefined): Resource {
    this.bucket(next.metadata).set(next.metadata.id, next);
    this.log(next.metadata).append(
      old ? { type: 'updated', resource: next, old } : { type: 'created', resource: next },
    );
    return next;
  }

  private bump(old: Resource, changes: Partial<ResourceMetadata>, spec: unknown = old.spec): Resource {
    const metadata: ResourceMetadata = {
      ...old.metadata,
      ...changes,
      version: old.metadata.version + 1,
      updated: new Date(),
    };
    return Object.freeze({ metadata: Object.freeze(metadata), spec });
  }

  async get<S>(p: ResourcePointer): Promise<Resource<S>> {
    return this.current(p) as Resource<S>;
  }

  async list<S>(kind: ResourceKind, opts?: ListOptions): Promise<Resource<S>[]> {
    const all = [...this.bucket(kind).values()].filter((r) => matchesListOptions(r, opts));
    all.sort((a, b) => (a.metadata.id < b.metadata.id ? -1 : a.metadata.id > b.metadata.id ? 1 : 0));
    return all as Resource<S>[];
  }

  async create<S>(r: NewResource<S>, opts: WriteOptions = {}): Promise<Resource<S>> {
    if (this.bucket(r).has(r.id)) throw new ConflictError(r, 'already exists');
    const now = new Date();
    const metadata: ResourceMetadata = Object.freeze({
      namespace: r.namespace,
      type: r.type,
      id: r.id,
      version: 1,
      owner: opts.owner ?? '',
      phase: 'running',
      created: now,
      updated: now,
      labels: Object.freeze({ ...r.labels }),
      annotations: Object.freeze({ ...r.annotations }),
      finalizers: Object.freeze([]),
    });
    return this.store(Object.freeze({ metadata, spec: r.spec }), undefined) as Resource<S>;
  }

  async update<S>(r: Resource<S>, opts: UpdateOptions = {}): Promise<Resource<S>> {
    const old = this.current(r.metadata);
    this.checkOwner(old, opts.owner);
    if (old.metadata.version !== r.metadata.version) {
      throw new ConflictError(
        r.metadata,
        `version mismatch: stored ${old.metadata.version}, given ${r.metadata.version}`,
      );
    }
    const expected = opts.expectedPhase ?? 'running';
    if (expected !== 'any' && old.metadata.phase !== expected)
      throw new PhaseConflictError(r.metadata, old.metadata.phase);
    const next = this.bump(
      old,
      { labels: { ...r.metadata.labels }, annotations: { ...r.metadata.annotations } },
      r.spec,
    );
    return this.store(next, old) as Resource<S>;
  }

  async modify<S>(
    p: ResourcePointer,
    fn: (current: S | undefined) => S,
    opts: WriteOptions & { labels?: Record<string, string> } = {},
  ): Promise<Resource<S>> {
    const old = this.bucket(p).get(p.id) as Resource<S> | undefined;
    if (!old) return this.create({ ...p, spec: fn(undefined), labels: opts.labels }, opts);
    this.checkOwner(old, opts.owner);
    if (old.metadata.phase !== 'running') throw new PhaseConflictError(p, old.metadata.phase);
    const spec = fn(old.spec);
    const labels = opts.labels ?? old.metadata.labels;
    // Like COSI's Modify: an unchanged resource is not written (no new version, no event).
    if (isDeepStrictEqual(spec, old.spec) && isDeepStrictEqual(labels, old.metadata.labels)) return old;
    return this.update({ metadata: { ...old.metadata, labels }, spec }, opts);
  }

  async teardown(p: ResourcePointer, opts: WriteOptions = {}): Promise<boolean> {
    const old = this.current(p);
    this.checkOwner(old, opts.owner);
    if (old.metadata.phase !== 'tearingDown') this.store(this.bump(old, { phase: 'tearingDown' }), old);
    return old.metadata.finalizers.length === 0;
  }

  async destroy(p: ResourcePointer, opts: WriteOptions = {}): Promise<void> {
    const old = this.current(p);
    this.checkOwner(old, opts.owner);
    if (old.metadata.finalizers.length > 0) {
      throw new ConflictError(p, `has pending finalizers ${old.metadata.finalizers.join(', ')}`);
    }
    this.bucket(p).delete(p.id);
    this.log(p).append({ type: 'destroyed', resource: old });
  }

  private async changeFinalizers(p: ResourcePointer, fn: (f: readonly string[]) => string[]): Promise<void> {
    const old = this.current(p);
    const finalizers = fn(old.metadata.finalizers);
    if (finalizers.length !== old.metadata.finalizers.length) {
      this.store(this.bump(old, { finalizers: Object.freeze(finalizers) }), old);
    }
  }

  addFinalizer(p: ResourcePointer, ...finalizers: string[]): Promise<void> {
    return this.changeFinalizers(p, (f) => [
      ...f,
      ...finalizers.filter((x, i) => !f.includes(x) && finalizers.indexOf(x) === i),
    ]);
  }

  removeFinalizer(p: ResourcePointer, ...finalizers: string[]): Promise<void> {
    return this.changeFinalizers(p, (f) => f.filter((x) => !finalizers.includes(x)));
  }

  async *watch(p: ResourcePointer, signal: AbortSignal): AsyncIterable<WatchEvent> {
    const current = this.bucket(p).get(p.id);
    const log = this.log(p);
    yield current
      ? { type: 'created', resource: current }
      : { type: 'destroyed', resource: { metadata: { ...emptyMetadata(), ...p }, spec: undefined } };
    for await (const e of this.follow(log, log.head, signal)) {
      if (e.resource?.metadata.id === p.id || e.type === 'errored') yield e;
    }
  }

  async *watchKind(
    kind: ResourceKind,
    signal: AbortSignal,
    opts: WatchKindOptions = {},
  ): AsyncIterable<WatchEvent> {
    const log = this.log(kind);
    let from = log.head;
    if (opts.startFromBookmark !== undefined) {
      const seq = decodeBookmark(opts.startFromBookmark);
      if (seq === undefined) throw new ConflictError({ ...kind, id: '' }, 'invalid bookmark');
      from = seq + 1;
    } else if (opts.tailEvents !== undefined && opts.tailEvents > 0) {
      const tail = log.tail(opts.tailEvents);
      from = tail[0]?.seq ?? from;
    }
    if (opts.bootstrapContents) {
      for (const r of await this.list(kind, opts)) yield { type: 'created', resource: r };
      yield { type: 'bootstrapped' };
    }
    for await (const e of this.follow(log, from, signal)) {
      if (
        e.type === 'errored' ||
        matchesListOptions(e.resource!, opts) ||
        matchesListOptions(e.old ?? e.resource!, opts)
      ) {
        yield e;
      }
    }
  }

  private async *follow(log: KindLog, from: number, signal: AbortSignal): AsyncIterable<WatchEvent> {
    let position = from;
    while (!signal.aborted) {
      const { events, overrun } = log.since(position);
      if (overrun) {
        yield { type: 'errored', error: 'watch buffer overrun: the watcher fell behind the event history' };
        return;
      }
      for (const { seq, event } of events) {
        position = seq + 1;
        yield event;
        if (signal.aborted) return;
      }
      if (events.length === 0) await log.next(signal);
    }
  }
}

function emptyMetadata(): ResourceMetadata {
  const zero = new Date(0);
  return {
    namespace: '',
    type: '',
    id: '',
    version: 0,
    owner: '',
    phase: 'running',
    created: zero,
    updated: zero,
    labels: {},
    annotations: {},
    finalizers: [],
  };
}
