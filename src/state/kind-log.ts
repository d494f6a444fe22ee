// A bounded history of the events of one resource kind, with waiters for new ones.
// Watchers keep a sequence position; one that falls behind the history gets an overrun error.
import type { WatchEvent } from './state';
import { Waiters } from './waiters';

export interface SequencedEvent {
  readonly seq: number;
  readonly event: WatchEvent;
}

export class KindLog {
  private readonly events: SequencedEvent[] = [];
  private nextSeq = 1;
  private readonly waiters = new Waiters();

  constructor(private readonly capacity: number) {}

  /** Sequence number the next appended event will get. */
  get head(): number {
    return this.nextSeq;
  }

  append(event: Omit<WatchEvent, 'bookmark'>): void {
    const seq = this.nextSeq++;
    this.events.push({ seq, event: { ...event, bookmark: encodeBookmark(seq) } });
    if (this.events.length > this.capacity) this.events.shift();
    this.waiters.wakeAll();
  }

  /** Events with seq >= from; `overrun` when some of them were already dropped. */
  since(from: number): { events: SequencedEvent[]; overrun: boolean } {
    const first = this.events[0];
    if (first !== undefined && from < first.seq && from < this.nextSeq) {
      return { events: [], overrun: true };
    }
    if (first === undefined) return { events: [], overrun: from < this.nextSeq };
    return { events: this.events.slice(Math.max(0, from - first.seq)), overrun: false };
  }

  /** The last `n` events. */
  tail(n: number): SequencedEvent[] {
    return n <= 0 ? [] : this.events.slice(-n);
  }

  /** Resolves at the next append or when the signal fires. */
  next(signal: AbortSignal): Promise<void> {
    return this.waiters.next(signal);
  }
}

export function encodeBookmark(seq: number): string {
  return `s${seq.toString(16)}`;
}

export function decodeBookmark(bookmark: string): number | undefined {
  const m = /^s([0-9a-f]{1,13})$/.exec(bookmark);
  return m?.[1] === undefined ? undefined : parseInt(m[1], 16);
}
