import { describe, expect, it } from 'vitest';
import { LineRingBuffer } from '../../../../src/system/logs';

const line = (s: string): Buffer => Buffer.from(`${s}\n`);
const text = (lines: readonly Buffer[]): string => Buffer.concat(lines).toString();

describe('LineRingBuffer', () => {
  it('keeps no more bytes than its capacity, dropping the oldest lines', () => {
    const buf = new LineRingBuffer(10);
    for (const s of ['aaa', 'bbb', 'ccc']) buf.append(line(s));
    expect(buf.size).toBe(8);
    expect(text(buf.tail())).toBe('bbb\nccc\n');
    for (let i = 0; i < 5000; i++) buf.append(line(String(i % 10)));
    expect(buf.size).toBeLessThanOrEqual(10);
    expect(text(buf.tail())).toBe('5\n6\n7\n8\n9\n');
  });

  it('keeps only the start of a line longer than the capacity', () => {
    const buf = new LineRingBuffer(4);
    buf.append(line('abcdefgh'));
    expect(text(buf.tail())).toBe('abcd');
    expect(buf.length).toBe(1);
  });

  it('tails the last n lines', () => {
    const buf = new LineRingBuffer();
    for (const s of ['a', 'b', 'c']) buf.append(line(s));
    expect(text(buf.tail(2))).toBe('b\nc\n');
    expect(text(buf.tail(0))).toBe('');
    expect(text(buf.tail(10))).toBe('a\nb\nc\n');
    expect(text(buf.tail())).toBe('a\nb\nc\n');
  });

  it('follows from the tail and ends when the signal fires', async () => {
    const buf = new LineRingBuffer();
    for (const s of ['a', 'b', 'c']) buf.append(line(s));
    const stop = new AbortController();
    const seen: string[] = [];
    const done = (async () => {
      for await (const batch of buf.follow(stop.signal, { tail: 1 })) {
        seen.push(text(batch));
        if (seen.length === 3) stop.abort();
      }
    })();
    await Promise.resolve();
    buf.append(line('d'));
    await new Promise((r) => setImmediate(r));
    buf.append(line('e'));
    await done;
    expect(seen).toEqual(['c\n', 'd\n', 'e\n']);
  });

  it('ends a follower waiting for lines when the signal fires', async () => {
    const buf = new LineRingBuffer();
    const stop = new AbortController();
    const it = buf.follow(stop.signal, { tail: 0 })[Symbol.asyncIterator]();
    const next = it.next();
    stop.abort();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
  });

  it('lets a slow follower resume at the oldest kept line', async () => {
    const buf = new LineRingBuffer(6);
    buf.append(line('0'));
    const stop = new AbortController();
    const it = buf.follow(stop.signal)[Symbol.asyncIterator]();
    expect(text((await it.next()).value ?? [])).toBe('0\n');
    for (let i = 1; i <= 100; i++) buf.append(line(String(i % 10)));
    // 100 lines went by while the reader was away; it gets what is still kept.
    expect(text((await it.next()).value ?? [])).toBe('8\n9\n0\n');
    stop.abort();
    await expect(it.next()).resolves.toMatchObject({ done: true });
  });
});
