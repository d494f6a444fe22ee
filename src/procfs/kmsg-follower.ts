// Following the kernel's log for any number of streams with one reader: while anyone follows, one
// non-blocking /dev/kmsg reader polls for new records and hands each to every subscriber; the last one
// to leave closes it. A subscriber that falls behind by more than MAX_QUEUED records loses the oldest,
// as a reader of its own would lose them to an overrun.
import { type KmsgDevice } from './kmsg-device';
import { parseKmsgRecord, type KmsgRecord } from './kmsg';
import { errorMessage } from '../error-message';

/** A record, or the error reading or parsing one (sent to the client as Talos sends it). */
export type KmsgItem = { readonly record: KmsgRecord } | { readonly error: string };

const MAX_QUEUED = 10_000;
export const DEFAULT_POLL_MS = 100;

export class KmsgSubscription {
  private queue: KmsgItem[] = [];
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(private readonly leave: (s: KmsgSubscription) => void) {}

  /** @internal */ push(item: KmsgItem): void {
    this.queue.push(item);
    if (this.queue.length > MAX_QUEUED) this.queue.splice(0, this.queue.length - MAX_QUEUED);
    this.wake?.();
  }

  /** @internal */ end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** The records as they come, in batches, until the signal fires or reading fails. */
  async *batches(signal: AbortSignal): AsyncGenerator<KmsgItem[]> {
    const onAbort = (): void => this.wake?.();
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        if (this.queue.length > 0) {
          const batch = this.queue;
          this.queue = [];
          yield batch;
          continue;
        }
        if (this.ended) return;
        await new Promise<void>((r) => (this.wake = r));
        this.wake = undefined;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.close();
    }
  }

  close(): void {
    this.ended = true;
    this.leave(this);
  }
}

export class KmsgFollower {
  private device: KmsgDevice | undefined;
  private readonly subscribers = new Set<KmsgSubscription>();
  private timer: NodeJS.Timeout | undefined;
  /** Every open, poll and close runs in this chain, one at a time. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly openDevice: () => Promise<KmsgDevice>,
    private readonly pollMs = DEFAULT_POLL_MS,
  ) {}

  /** How many streams follow now (for tests: 0 once they are all gone, with the reader closed). */
  get followers(): number {
    return this.subscribers.size;
  }

  /** Whether the shared reader is open. */
  get open(): boolean {
    return this.device !== undefined;
  }

  /** Subscribes to the records written from now on (throws when /dev/kmsg cannot be opened or read). */
  subscribe(): Promise<KmsgSubscription> {
    return this.serialized(async () => {
      // hand out what came since the last poll before this one joins
      if (this.device) await this.pollForSubscribers();
      if (!this.device) {
        this.device = await this.openDevice();
        await this.poll(); // to the end of the buffer: what is there is not new
        this.timer = setInterval(() => void this.serialized(() => this.pollForSubscribers()), this.pollMs);
        this.timer.unref();
      }
      const sub = new KmsgSubscription((s) => this.leave(s));
      this.subscribers.add(sub);
      return sub;
    });
  }

  private leave(sub: KmsgSubscription): void {
    if (!this.subscribers.delete(sub) || this.subscribers.size > 0) return;
    void this.serialized(async () => {
      if (this.subscribers.size === 0) await this.closeDevice();
    });
  }

  private async closeDevice(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    const device = this.device;
    this.device = undefined;
    await device?.close().catch(() => undefined);
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn);
    this.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Polls; a failure to read ends every subscription with the error. */
  private async pollForSubscribers(): Promise<void> {
    try {
      await this.poll();
    } catch (e: unknown) {
      for (const s of this.subscribers) {
        s.push({ error: errorMessage(e) });
        s.end();
      }
      this.subscribers.clear();
    }
  }

  /** Reads every record there is now and hands each to the subscribers; a read error closes the reader. */
  private async poll(): Promise<void> {
    const device = this.device;
    if (!device) return;
    for (;;) {
      let raw: Buffer | undefined;
      try {
        raw = await device.next();
      } catch (e: unknown) {
        await this.closeDevice();
        throw e;
      }
      if (!raw) return;
      let item: KmsgItem;
      try {
        item = { record: parseKmsgRecord(raw) };
      } catch (e: unknown) {
        item = { error: errorMessage(e) };
      }
      for (const s of this.subscribers) s.push(item);
    }
  }
}
