// The last events of one service, as `talosctl service <id>` lists them: a fixed number is kept and
// the oldest drops out when a new one comes.
import type { ServiceEvent } from './service';

/** Talos's events.MaxEventsToKeep. */
export const MAX_EVENTS_TO_KEEP = 64;

export class EventHistory {
  private readonly kept: ServiceEvent[] = [];
  /** How many events have dropped out so far. */
  private dropped = 0;

  constructor(private readonly capacity = MAX_EVENTS_TO_KEEP) {}

  push(event: ServiceEvent): void {
    this.kept.push(event);
    if (this.kept.length > this.capacity) {
      this.kept.shift();
      this.dropped++;
    }
  }

  /** The last `count` events (all kept ones by default), oldest first. */
  get(count = this.capacity): ServiceEvent[] {
    const n = Math.max(0, Math.min(count, this.capacity));
    return n === 0 ? [] : this.kept.slice(-n);
  }

  get discarded(): number {
    return this.dropped;
  }
}
