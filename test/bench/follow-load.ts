// Benchmark of unary calls under follow load: p50/p99 of the calls `talosctl dashboard` polls (LoadAvg,
// Memory, SystemStat, ServiceList, Version, in turn, one at a time) on a configured agent while 200
// follow streams are open (100 `Logs` of apid, which logs every call, so each call feeds all 100; 100
// `Dmesg`, each sending the kernel's buffer first), as a ratio to the same calls on the same agent with no stream open. Alternated rounds.
// The load test with its memory bound is test/integration/api-load.test.ts.
import { setMaxListeners } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeStateDir, removeDir, startAgent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { latencyFigures } from './apply-to-manifest';

type Emit = (o: Record<string, unknown>) => void;

const ADDRESS = '127.0.0.187';
const M = '/machine.MachineService/';
const METHODS = ['LoadAvg', 'Memory', 'SystemStat', 'ServiceList', 'Version'];
const STREAMS = 200;

async function timed(client: TestClient, calls: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await client.unary(`${M}${METHODS[i % METHODS.length]!}`, {});
    ms.push(performance.now() - t0);
  }
  return ms;
}

/** Opens the follow streams; resolves with their stop function once each has sent a first message. */
async function openStreams(clients: readonly TestClient[]): Promise<() => Promise<void>> {
  const abort = new AbortController();
  setMaxListeners(0, abort.signal); // one listener per stream
  const first: Promise<void>[] = [];
  const ended: Promise<void>[] = [];
  for (let i = 0; i < STREAMS; i++) {
    const logs = i < STREAMS / 2;
    let started!: () => void;
    first.push(new Promise((r) => (started = r)));
    ended.push(
      clients[i % clients.length]!.follow(
        `${M}${logs ? 'Logs' : 'Dmesg'}`,
        logs
          ? { namespace: 'system', id: 'apid', follow: true, tail_lines: 1 }
          : { follow: true, tail: false },
        () => started(),
        abort.signal,
      ),
    );
  }
  await Promise.all(first);
  return async () => {
    abort.abort();
    await Promise.all(ended);
  };
}

export async function followLoadBench(emit: Emit, o: { calls: number; rounds: number }): Promise<void> {
  const stateDir = await makeStateDir();
  const genDir = await mkdtemp(join(tmpdir(), 'talos-ts-bench-follow-'));
  const agent = startAgent(ADDRESS, stateDir);
  const clients: TestClient[] = [];
  try {
    await agent.waitReady();
    const gen = generateConfig(genDir, 'bench', ADDRESS);
    clients.push(await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS));
    for (let i = 1; i < 4; i++)
      clients.push(new TestClient(ADDRESS, gen.adminTLS, { 'grpc.use_local_subchannel_pool': 1 }));
    const caller = clients[0]!;
    await timed(caller, 20); // warm up: connection, codecs, JIT
    const ours: number[] = [];
    const base: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      base.push(...(await timed(caller, o.calls)));
      const stop = await openStreams(clients);
      ours.push(...(await timed(caller, o.calls)));
      await stop();
    }
    emit({
      bench: 'api.follow_load.unary',
      streams: STREAMS,
      ...latencyFigures(ours, base),
      calls: ours.length,
    });
  } finally {
    for (const c of clients) c.close();
    await agent.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  }
}
