// A bounded buffer of log lines: the oldest lines drop out once the kept bytes pass the capacity.
// Followers read new lines as they arrive; a follower that falls behind resumes at the oldest
// kept line, so a slow reader never makes the buffer (or itself) grow.
// Lines are copied into blocks the buffer allocates itself: a small Buffer from Node's pool shares an
// 8 KiB slab with whatever else was allocated next to it, and a kept line would keep its whole slab
// alive (under API load, one slab per line: 1 MiB of lines held ~44 MiB).

/** Talos keeps about 1 MiB of raw log per source. */
export const DEFAULT_CAPACITY = 1 << 20;
/** The blocks lines are copied into; a line longer than a quarter of a block gets its own. */
const BLOCK = 64 << 10;

export interface FollowOptions {
  /** Start with the last `tail` kept lines; all kept lines when undefined. */
  readonly tail?: number;
}

export class LineRingBuffer {
  private lines: Buffer[] = [];
  /** Index in `lines` of the oldest kept line (the array is compacted now and then). */
  private head = 0;
  /** Sequence number of the oldest kept line; `next` is the one the next append gets. */
  private first = 0;
  private next = 0;
  private kept = 0;
  private readonly waiters = new Set<() => void>();
  /** The block being filled, and how much of it is used. */
  private block: Buffer = EMPTY;
  private used = 0;
  private readonly blockSize: number;

  constructor(readonly capacity = DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity <= 0)
      throw new RangeError('capacity must be a positive integer');
    this.blockSize = Math.min(BLOCK, capacity);
  }

  /** Bytes held now (never more than the capacity). */
  get size(): number {
    return this.kept;
  }

  /** Number of lines held now. */
  get length(): number {
    return this.next - this.first;
  }

  /** Appends a copy of one line as written (a line longer than the capacity keeps only its start). */
  append(line: Buffer): void {
    const kept = this.store(line.length > this.capacity ? line.subarray(0, this.capacity) : line);
    this.lines.push(kept);
    this.next++;
    this.kept += kept.length;
    while (this.kept > this.capacity) this.dropOldest();
    this.compact();
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** The last `n` kept lines, oldest first; all of them when `n` is undefined. */
  tail(n?: number): Buffer[] {
    return this.slice(this.startFor(n), this.next);
  }

  /**
   * Batches of lines, oldest first: first the requested tail, then new lines as they are appended,
   * until `signal` fires (or the consumer stops iterating).
   */
  async *follow(signal: AbortSignal, opts: FollowOptions = {}): AsyncGenerator<Buffer[], void, undefined> {
    let cursor = this.startFor(opts.tail);
    while (!signal.aborted) {
      if (cursor < this.first) cursor = this.first;
      if (cursor < this.next) {
        const batch = this.slice(cursor, this.next);
        cursor = this.next;
        yield batch;
        continue;
      }
      await this.changed(signal);
    }
  }

  /** A copy of `line` in memory of the buffer's own (a block's, or its own for a long line). */
  private store(line: Buffer): Buffer {
    if (line.length > this.blockSize / 4) {
      const own = Buffer.allocUnsafeSlow(line.length);
      line.copy(own);
      return own;
    }
    if (this.used + line.length > this.block.length) {
      this.block = Buffer.allocUnsafeSlow(this.blockSize);
      this.used = 0;
    }
    const kept = this.block.subarray(this.used, this.used + line.length);
    line.copy(kept);
    this.used += line.length;
    return kept;
  }

  private startFor(n: number | undefined): number {
    if (n === undefined) return this.first;
    return Math.max(this.first, this.next - Math.max(0, Math.floor(n)));
  }

  private slice(from: number, to: number): Buffer[] {
    const offset = this.head - this.first;
    return this.lines.slice(from + offset, to + offset);
  }

  private dropOldest(): void {
    const line = this.lines[this.head];
    if (line === undefined) return;
    this.lines[this.head] = EMPTY;
    this.head++;
    this.first++;
    this.kept -= line.length;
  }

  /** Drops the dead prefix of the array once it is a good part of it. */
  private compact(): void {
    if (this.head >= 1024 && this.head * 2 >= this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  /** Resolves on the next append, or when `signal` fires. */
  private changed(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      if (signal.aborted) {
        resolve();
        return;
      }
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

const EMPTY = Buffer.alloc(0);
