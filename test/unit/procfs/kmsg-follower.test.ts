// The shared reader of Dmesg followers, over a fake log buffer: what each subscriber gets, and that the
// reader closes when the last one leaves.
import { describe, expect, it } from 'vitest';
import type { KmsgDevice } from '../../../src/procfs/kmsg-device';
import { KmsgFollower, type KmsgItem, type KmsgSubscription } from '../../../src/procfs/kmsg-follower';

/** A kernel log buffer; every open() is a reader from its start, like /dev/kmsg. */
class FakeBuffer {
  readonly records: string[] = [];
  opened = 0;
  closed = 0;
  failReads = false;

  write(text: string): void {
    this.records.push(`6,${this.records.length},${this.records.length * 1000},-;${text}\n`);
  }

  open(): Promise<KmsgDevice> {
    this.opened++;
    let pos = 0;
    return Promise.resolve({
      next: () => {
        if (this.failReads) return Promise.reject(new Error('error reading from kmsg: boom'));
        const r = this.records[pos];
        if (r !== undefined) pos++;
        return Promise.resolve(r === undefined ? undefined : Buffer.from(r));
      },
      close: () => {
        this.closed++;
        return Promise.resolve();
      },
    });
  }
}

const texts = (items: readonly KmsgItem[]): string[] =>
  items.map((i) => ('record' in i ? i.record.message.toString().trim() : `error: ${i.error}`));

async function take(sub: KmsgSubscription, n: number, signal: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  for await (const batch of sub.batches(signal)) {
    out.push(...texts(batch));
    if (out.length >= n) break;
  }
  return out;
}

describe('KmsgFollower', () => {
  it('gives every subscriber only what is written after it joined, with one reader for all', async () => {
    const buf = new FakeBuffer();
    buf.write('old');
    const follower = new KmsgFollower(() => buf.open(), 5);
    const a = await follower.subscribe();
    buf.write('one');
    const b = await follower.subscribe(); // 'one' was handed out before b joined
    buf.write('two');
    const signal = new AbortController().signal;
    expect(await take(a, 2, signal)).toEqual(['one', 'two']);
    expect(await take(b, 1, signal)).toEqual(['two']);
    expect(buf.opened).toBe(1);
  });

  it('closes its reader when the last subscriber leaves, and opens a new one for the next', async () => {
    const buf = new FakeBuffer();
    const follower = new KmsgFollower(() => buf.open(), 5);
    const ac = new AbortController();
    const a = await follower.subscribe();
    const b = await follower.subscribe();
    const reading = take(a, 10, ac.signal);
    b.close();
    expect(follower.followers).toBe(1);
    ac.abort();
    expect(await reading).toEqual([]);
    await expect.poll(() => buf.closed).toBe(1);
    expect(follower.followers).toBe(0);
    expect(follower.open).toBe(false);
    const c = await follower.subscribe();
    buf.write('again');
    expect(await take(c, 1, new AbortController().signal)).toEqual(['again']);
    expect(buf.opened).toBe(2);
  });

  it('ends every subscription with the error when reading fails', async () => {
    const buf = new FakeBuffer();
    const follower = new KmsgFollower(() => buf.open(), 5);
    const a = await follower.subscribe();
    buf.failReads = true;
    expect(await take(a, 10, new AbortController().signal)).toEqual(['error: error reading from kmsg: boom']);
    await expect.poll(() => buf.closed).toBe(1);
  });

  it('refuses to subscribe when the log cannot be opened', async () => {
    const follower = new KmsgFollower(
      () => Promise.reject(new Error('open /dev/kmsg: permission denied')),
      5,
    );
    await expect(follower.subscribe()).rejects.toThrow('open /dev/kmsg: permission denied');
    expect(follower.open).toBe(false);
  });
});
