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

  it('holds no more memory than its capacity and one block, whatever the lines were cut from', () => {
    // Lines as a sink hands them over: small Buffers from Node's 8 KiB pool, each sharing its slab
    // with other allocations (as a call's frames do under load). Kept as given, every line would keep
    // its whole slab alive.
    const capacity = 256 << 10;
    const buf = new LineRingBuffer(capacity);
    const others: Buffer[] = [];
    const text = `OK [/machine.MachineService/Memory] 1.2ms unary Success (${'x'.repeat(100)})\n`;
    for (let i = 0; i < 20_000; i++) {
      const given = Buffer.from(text);
      expect(given.buffer.byteLength).toBeGreaterThan(given.length); // a slice of a shared slab
      buf.append(given);
      given.fill(0); // the caller may reuse what it gave: the buffer kept a copy
      for (let j = 0; j < 20; j++) others.push(Buffer.from('y'.repeat(300)));
      if (others.length > 1000) others.length = 0;
    }
    const backing = new Set(buf.tail().map((b) => b.buffer));
    const held = [...backing].reduce((n, ab) => n + ab.byteLength, 0);
    expect(buf.size).toBeGreaterThan(capacity - text.length);
    expect(held).toBeLessThanOrEqual(capacity + 2 * (64 << 10));
    expect(buf.tail().every((b) => b.toString() === text)).toBe(true);
  });

  it('copies a long line into memory of its own', () => {
    const buf = new LineRingBuffer();
    const long = Buffer.alloc(40_000, 'z');
    buf.append(long);
    const [kept] = buf.tail();
    expect(kept!.buffer.byteLength).toBe(40_000);
    expect(kept!.buffer).not.toBe(long.buffer);
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
