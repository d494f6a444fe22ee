import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE, logsApi, type LogsRequest } from '../../../../../src/apps/machined/api/logs-api';
import { isApiError } from '../../../../../src/grpc/errors';
import type { MachineServiceApi } from '../../../../../src/gen/api/services';
import type { CallContext } from '../../../../../src/grpc/handler';
import { LogSources } from '../../../../../src/system/logs';

const ctxWith = (signal: AbortSignal): CallContext => ({
  method: '/machine.MachineService/Logs',
  metadata: new Metadata(),
  roles: new Set(['os:reader']),
  signal,
  peer: 'test',
});

type Logs = MachineServiceApi['Logs'];
type LogsContainers = MachineServiceApi['LogsContainers'];

function setup(): { sources: LogSources; logs: Logs; containers: LogsContainers } {
  const sources = new LogSources();
  const h = logsApi(sources);
  if (!h.Logs || !h.LogsContainers) throw new Error('missing handlers');
  return { sources, logs: h.Logs, containers: h.LogsContainers };
}

async function call(logs: Logs, req: LogsRequest, signal = new AbortController().signal) {
  const sent: Buffer[] = [];
  await logs(req, ctxWith(signal), (res) => {
    sent.push(res.bytes as Buffer);
    return Promise.resolve();
  });
  return sent;
}

const sys = (id: string, more: Partial<LogsRequest> = {}): LogsRequest => ({
  namespace: 'system',
  id,
  driver: 'CONTAINERD',
  follow: false,
  tail_lines: -1,
  ...more,
});

describe('machine.MachineService/Logs', () => {
  it('answers the whole kept log for tail_lines -1 and the last n lines otherwise', async () => {
    const { sources, logs } = setup();
    sources.sink('machined').write('one\ntwo\nthree\n');
    expect(Buffer.concat(await call(logs, sys('machined'))).toString()).toBe('one\ntwo\nthree\n');
    expect(Buffer.concat(await call(logs, sys('machined', { tail_lines: 2 }))).toString()).toBe(
      'two\nthree\n',
    );
    expect(await call(logs, sys('machined', { tail_lines: 0 }))).toEqual([]);
  });

  it('splits a large log into chunks', async () => {
    const { sources, logs } = setup();
    const sink = sources.sink('machined');
    for (let i = 0; i < 2000; i++) sink.write(`${'x'.repeat(99)}\n`);
    const sent = await call(logs, sys('machined'));
    expect(sent.length).toBe(Math.ceil(200_000 / CHUNK_SIZE));
    expect(sent.every((b) => b.length <= CHUNK_SIZE)).toBe(true);
    expect(Buffer.concat(sent).length).toBe(200_000);
  });

  it('follows new lines until the call ends', async () => {
    const { sources, logs } = setup();
    const sink = sources.sink('controller-runtime');
    sink.write('old\nlast\n');
    const stop = new AbortController();
    const sent: string[] = [];
    const done = logs(
      sys('controller-runtime', { follow: true, tail_lines: 1 }),
      ctxWith(stop.signal),
      (res) => {
        sent.push((res.bytes as Buffer).toString());
        if (sent.length === 2) stop.abort();
        return Promise.resolve();
      },
    );
    await new Promise((r) => setImmediate(r));
    sink.write('new\n');
    await done;
    expect(sent).toEqual(['last\n', 'new\n']);
  });

  it('answers Unknown for a log nobody registered, as Talos does', async () => {
    const { logs } = setup();
    const err: unknown = await call(logs, sys('nope')).catch((e: unknown) => e);
    expect(isApiError(err) && err.code).toBe(status.UNKNOWN);
    expect((err as Error).message).toBe('log "nope" was not registered');
  });

  it('answers Unknown for containers outside the system namespace', async () => {
    const { sources, logs } = setup();
    sources.source('machined');
    const err: unknown = await call(logs, { ...sys('machined'), namespace: 'k8s.io', driver: 'CRI' }).catch(
      (e: unknown) => e,
    );
    expect(isApiError(err) && err.code).toBe(status.UNKNOWN);
    expect((err as Error).message).toBe('container "machined" not found');
  });
});

describe('machine.MachineService/LogsContainers', () => {
  it('lists the registered sources in one message', async () => {
    const { sources, containers } = setup();
    sources.sink('machined');
    sources.sink('controller-runtime');
    const res = await containers({}, ctxWith(new AbortController().signal));
    expect(res).toEqual({ messages: [{ ids: ['controller-runtime', 'machined'] }] });
  });
});
