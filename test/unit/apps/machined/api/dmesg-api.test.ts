// Dmesg over a fake log buffer: the backlog, follow without duplicates or gaps, tail, and the errors.
import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { dmesgApi } from '../../../../../src/apps/machined/api/dmesg-api';
import type { CallContext } from '../../../../../src/grpc/handler';
import { isApiError } from '../../../../../src/grpc/errors';
import type { DmesgRequest } from '../../../../../src/gen/api/machine';
import type { KmsgDevice } from '../../../../../src/procfs/kmsg-device';
import { KmsgFollower } from '../../../../../src/procfs/kmsg-follower';

class FakeBuffer {
  readonly records: string[] = [];
  open = 0;

  write(text: string, prefix = 6): void {
    this.records.push(`${prefix},${this.records.length},${this.records.length},-;${text}\n`);
  }

  device(): Promise<KmsgDevice> {
    this.open++;
    let pos = 0;
    return Promise.resolve({
      next: () => Promise.resolve(pos < this.records.length ? Buffer.from(this.records[pos++]!) : undefined),
      close: () => {
        this.open--;
        return Promise.resolve();
      },
    });
  }
}

const ctx = (signal: AbortSignal): CallContext => ({
  method: '/machine.MachineService/Dmesg',
  metadata: new Metadata(),
  roles: new Set(['os:reader']),
  signal,
  peer: 'test',
});

interface Sent {
  text?: string;
  error?: string;
}

function setup() {
  const buf = new FakeBuffer();
  const follower = new KmsgFollower(() => buf.device(), 5);
  const dmesg = dmesgApi({ open: () => buf.device(), follower }).Dmesg!;
  const call = (req: DmesgRequest, signal: AbortSignal, onSend?: (s: Sent[]) => void) => {
    const sent: Sent[] = [];
    const done = dmesg(req, ctx(signal), (d) => {
      const bytes = d.bytes as Buffer | undefined;
      sent.push(bytes ? { text: bytes.toString() } : { error: d.metadata?.error ?? '' });
      onSend?.(sent);
      return Promise.resolve();
    });
    return { sent, done };
  };
  return { buf, follower, call };
}

const message = (line: string | undefined): string => line?.replace(/^.*?\]: /, '').trim() ?? '';

describe('Dmesg', () => {
  it('sends the buffer, one message per record, then ends', async () => {
    const { buf, call } = setup();
    buf.write('first');
    buf.write('second', 14);
    buf.records.push('garbage without prefix');
    const { sent, done } = call({ follow: false, tail: false }, new AbortController().signal);
    await done;
    expect(sent.map((s) => s.text ?? `error: ${s.error}`).map((t) => t.replace(/\[.*?\]/, '[T]'))).toEqual([
      'kern:    info: [T]: first\n',
      'user:    info: [T]: second\n',
      'error: kernel message should contain a prefix',
    ]);
    expect(buf.open).toBe(0);
  });

  it('sends nothing for tail without follow', async () => {
    const { buf, call } = setup();
    buf.write('first');
    const { sent, done } = call({ follow: false, tail: true }, new AbortController().signal);
    await done;
    expect(sent).toEqual([]);
  });

  it('follows: the backlog, then new records, each once; cancelling closes every reader', async () => {
    const { buf, follower, call } = setup();
    buf.write('a');
    buf.write('b');
    const ac = new AbortController();
    let wrote = false;
    const { sent, done } = call({ follow: true, tail: false }, ac.signal, (s) => {
      // written while the backlog is being sent: it must come exactly once
      if (!wrote && s.length === 1) {
        wrote = true;
        buf.write('c');
      }
      if (s.length === 3) setTimeout(() => buf.write('d'), 10);
      if (s.length === 4) ac.abort();
    });
    await done;
    expect(sent.map((s) => message(s.text))).toEqual(['a', 'b', 'c', 'd']);
    await expect.poll(() => buf.open).toBe(0);
    expect(follower.followers).toBe(0);
  });

  it('follows from the tail: only what is written after the call', async () => {
    const { buf, call } = setup();
    buf.write('old');
    const ac = new AbortController();
    const { sent, done } = call({ follow: true, tail: true }, ac.signal, (s) => {
      if (s.length === 1) ac.abort();
    });
    await new Promise((r) => setTimeout(r, 20));
    buf.write('new');
    await done;
    expect(sent.map((s) => message(s.text))).toEqual(['new']);
    await expect.poll(() => buf.open).toBe(0);
  });

  it('answers Unknown naming /dev/kmsg when it cannot be opened', async () => {
    const dmesg = dmesgApi({
      open: () => Promise.reject(new Error('open /dev/kmsg: permission denied')),
    }).Dmesg!;
    for (const follow of [false, true]) {
      const e = await dmesg({ follow, tail: false }, ctx(new AbortController().signal), () =>
        Promise.resolve(),
      ).catch((x: unknown) => x);
      expect(isApiError(e) && e.code).toBe(status.UNKNOWN);
      expect((e as Error).message).toBe('error opening /dev/kmsg reader: open /dev/kmsg: permission denied');
    }
  });
});
