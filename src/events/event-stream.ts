// The node's runtime event stream (Talos runtime.EventStream): service state changes, machine status,
// … each an event with an xid, an actor id and a protobuf payload, kept in a bounded history that a
// watcher tails (`tail_events`, `tail_id`, `tail_seconds`) before it follows new events.
import { newXid } from './xid';

export interface RuntimeEvent {
  readonly id: string;
  readonly actorId: string;
  /** Full protobuf name of the payload, e.g. `machine.ServiceStateEvent`; empty for the hello event. */
  readonly typeName: string;
  /** The payload as a plain object with protobuf field names. */
  readonly payload: Record<string, unknown>;
  readonly time: number;
}

export interface WatchOptions {
  /** The last N events first (-1: all kept); none when 0. */
  readonly tailEvents?: number;
  /** The events after this id first. */
  readonly tailId?: string;
  /** The events of the last N seconds first. */
  readonly tailSeconds?: number;
  /** Only events of this actor. */
  readonly actorId?: string;
}

export type EventPublisher = (typeName: string, payload: Record<string, unknown>, actorId?: string) => void;

/** Talos keeps 1000 events, 10 of them as a gap a slow reader may fall into before it overruns. */
const CAPACITY = 1000;
const GAP = 10;

/** A watch ended because the node stood in for a reboot: its history is gone, as after a real one. */
export class EventStreamRestartedError extends Error {
  override readonly name = 'EventStreamRestartedError';
  constructor() {
    super('the node rebooted');
  }
}

export class EventStream {
  private readonly events: RuntimeEvent[] = [];
  /** Position of events[0] in the whole stream. */
  private first = 0;
  private waiters: (() => void)[] = [];
  /** Position where the current boot's events begin (restart() moves it). */
  private bootStart = 0;

  constructor(private readonly capacity = CAPACITY - GAP) {}

  readonly publish: EventPublisher = (typeName, payload, actorId = '') => {
    this.events.push({ id: newXid(), actorId, typeName, payload, time: Date.now() });
    if (this.events.length > this.capacity) {
      this.events.shift();
      this.first++;
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  };

  /**
   * A new boot on a platform that stands in for a reboot without the process ending: the history
   * before it is no longer served, and every open watch ends with EventStreamRestartedError once it
   * has sent what was published before (as the connection of a rebooting node would).
   */
  restart(): void {
    this.bootStart = this.first + this.events.length;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The tailed events, then every new one, until the signal fires. Throws when the reader falls behind. */
  async *watch(opts: WatchOptions, signal: AbortSignal): AsyncGenerator<RuntimeEvent> {
    let pos = this.startPosition(opts);
    const bootStart = this.bootStart;
    while (!signal.aborted) {
      if (pos < this.first) throw new Error('event stream overrun: the watcher fell behind');
      if (bootStart !== this.bootStart && pos >= this.bootStart) throw new EventStreamRestartedError();
      const event = this.events[pos - this.first];
      if (event) {
        pos++;
        if (!opts.actorId || event.actorId === opts.actorId) yield event;
        continue;
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  private startPosition(opts: WatchOptions): number {
    return Math.max(this.bootStart, this.tailPosition(opts));
  }

  private tailPosition(opts: WatchOptions): number {
    const end = this.first + this.events.length;
    if (opts.tailId) {
      const i = this.events.findIndex((e) => e.id === opts.tailId);
      return i < 0 ? this.first : this.first + i + 1;
    }
    if (opts.tailSeconds && opts.tailSeconds > 0) {
      const since = Date.now() - opts.tailSeconds * 1000;
      const i = this.events.findIndex((e) => e.time >= since);
      return i < 0 ? end : this.first + i;
    }
    const n = opts.tailEvents ?? 0;
    if (n < 0) return this.first;
    return Math.max(this.first, end - n);
  }
}
