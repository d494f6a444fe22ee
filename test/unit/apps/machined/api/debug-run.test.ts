// How a debug container's streams are carried, with a stand-in for ctr (a shell script reading its
// input and writing to both outputs): input in, output out, the exit code returned, ctr's own failure
// refused with Internal, and the caller's signal sent to the task.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDebugContainer } from '../../../../../src/apps/machined/api/debug-api';
import { ApiError } from '../../../../../src/grpc/errors';

let dir: string;
const saved = process.env['TALOS_TS_CTR_BIN'];

function fakeCtr(script: string): void {
  const path = join(dir, 'ctr');
  writeFileSync(path, `#!/bin/sh\n${script}\n`);
  chmodSync(path, 0o755);
  process.env['TALOS_TS_CTR_BIN'] = path;
}

async function* input(msgs: object[]) {
  for (const m of msgs) yield m;
}

async function runWith(msgs: object[]) {
  const killed: number[] = [];
  const client = {
    killTask: (_id: string, sig: number) => {
      killed.push(sig);
      return Promise.resolve();
    },
    deleteTask: () => Promise.resolve(0),
    deleteContainer: () => Promise.resolve(),
  };
  const out: Buffer[] = [];
  const result = await runDebugContainer(
    client as never,
    'debug-test',
    [],
    input(msgs)[Symbol.asyncIterator]() as never,
    new AbortController().signal,
    (m) => {
      if (m.stdout_data) out.push(Buffer.from(m.stdout_data));
      return Promise.resolve();
    },
    pino({ level: 'silent' }),
  ).catch((e: unknown) => e);
  return { result, output: Buffer.concat(out).toString(), killed };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'debug-run-'));
});
afterAll(() => {
  if (saved === undefined) delete process.env['TALOS_TS_CTR_BIN'];
  else process.env['TALOS_TS_CTR_BIN'] = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('a debug container run', () => {
  it('writes the input, streams the output and returns the exit code', async () => {
    fakeCtr('read line; echo "got $line"; echo "err" >&2; exit 3');
    const r = await runWith([{ request: 'stdin_data', stdin_data: Buffer.from('hello\n') }]);
    expect(r.result).toBe(3);
    expect(r.output.split('\n').sort()).toEqual(['', 'err', 'got hello']);
  });

  it("refuses ctr's own failure with Internal and its message", async () => {
    fakeCtr('echo "ctr: image not unpacked" >&2; exit 1');
    const r = await runWith([]);
    expect(r.result).toBeInstanceOf(ApiError);
    expect((r.result as ApiError).code).toBe(status.INTERNAL);
    expect((r.result as ApiError).message).toBe('failed to run debug container: image not unpacked');
  });

  it("sends the caller's signal to the task", async () => {
    fakeCtr('sleep 0.5; exit 0');
    const r = await runWith([{ request: 'signal', signal: 15 }]);
    expect(r.result).toBe(0);
    expect(r.killed[0]).toBe(15);
  });
});
