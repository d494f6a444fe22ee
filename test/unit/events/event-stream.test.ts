// The runtime event stream: xids as rs/xid writes them, tails by count, id and time, actor filter,
// following new events, and the bounded history.
import { describe, expect, it } from 'vitest';
import { EventStream, EventStreamRestartedError, type RuntimeEvent } from '../../../src/events/event-stream';
import { isXid, newXid } from '../../../src/events/xid';

async function take(it: AsyncGenerator<RuntimeEvent>, n: number): Promise<RuntimeEvent[]> {
  const out: RuntimeEvent[] = [];
  for await (const e of it) {
    out.push(e);
    if (out.length === n) break;
  }
  return out;
}

const publishN = (s: EventStream, n: number, actor = '') => {
  for (let i = 0; i < n; i++) s.publish('machine.ServiceStateEvent', { n: i }, actor);
};
const ns = (es: RuntimeEvent[]) => es.map((e) => e.payload['n']);

describe('xid', () => {
  it('is 20 base32hex characters, sorting by time, unique', () => {
    const a = newXid(Date.UTC(2026, 0, 1));
    const b = newXid(Date.UTC(2026, 0, 2));
    expect(isXid(a) && isXid(b)).toBe(true);
    expect(a < b).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => newXid())).size).toBe(1000);
    // the first 4 bytes are the seconds: 2026-01-01T00:00:00Z = 0x6955b900 → "d5ari0" in base32hex
    expect(a.slice(0, 6)).toBe('d5ari0');
  });
});

describe('EventStream', () => {
  it('tails the last N (all with -1, none by default), then follows', async () => {
    const s = new EventStream();
    publishN(s, 5);
    const ac = new AbortController();
    expect(ns(await take(s.watch({ tailEvents: 2 }, ac.signal), 2))).toEqual([3, 4]);
    expect(ns(await take(s.watch({ tailEvents: -1 }, ac.signal), 5))).toEqual([0, 1, 2, 3, 4]);
    const follow = s.watch({}, ac.signal);
    const next = take(follow, 1);
    s.publish('machine.ServiceStateEvent', { n: 99 });
    expect(ns(await next)).toEqual([99]);
    ac.abort();
  });

  it('tails after an id, filters by actor, and stops when the signal fires', async () => {
    const s = new EventStream();
    publishN(s, 3, 'a');
    publishN(s, 2, 'b');
    const all = await take(s.watch({ tailEvents: -1 }, new AbortController().signal), 5);
    const ac = new AbortController();
    expect(ns(await take(s.watch({ tailId: all[1]!.id }, ac.signal), 3))).toEqual([2, 0, 1]);
    expect(
      (await take(s.watch({ tailEvents: -1, actorId: 'b' }, ac.signal), 2)).map((e) => e.actorId),
    ).toEqual(['b', 'b']);
    const idle = take(s.watch({}, ac.signal), 1);
    ac.abort();
    expect(await idle).toEqual([]);
  });

  it('keeps a bounded history, and a reader that fell behind it is told so', async () => {
    const s = new EventStream(10);
    publishN(s, 25);
    const ac = new AbortController();
    expect(ns(await take(s.watch({ tailEvents: -1 }, ac.signal), 10))).toEqual([
      15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    ]);
    const slow = s.watch({ tailEvents: -1 }, ac.signal);
    await slow.next();
    publishN(s, 20);
    await expect(slow.next()).rejects.toThrow(/overrun/);
    ac.abort();
  });

  it('restart(): the history before is not served, open watches end after sending it, as across a reboot', async () => {
    const s = new EventStream();
    publishN(s, 3);
    const ac = new AbortController();
    const open = s.watch({ tailEvents: -1 }, ac.signal);
    for (let i = 0; i < 3; i++) expect(((await open.next()).value as RuntimeEvent).payload['n']).toBe(i);
    const pending = open.next();
    s.restart();
    await expect(pending).rejects.toBeInstanceOf(EventStreamRestartedError);
    publishN(s, 2);
    expect(ns(await take(s.watch({ tailEvents: -1 }, ac.signal), 2))).toEqual([0, 1]);
    // a watch behind the restart first sends what was published before it
    const behind = s.watch({ tailEvents: -1 }, ac.signal);
    const n = async () => ((await behind.next()).value as RuntimeEvent).payload['n'];
    expect(await n()).toBe(0);
    publishN(s, 1);
    s.restart();
    publishN(s, 1);
    expect([await n(), await n()]).toEqual([1, 0]);
    await expect(behind.next()).rejects.toBeInstanceOf(EventStreamRestartedError);
    ac.abort();
  });
});
