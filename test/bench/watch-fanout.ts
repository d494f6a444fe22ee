// Watch fan-out: 100 watchers of one resource kind on the store, events delivered per second, against
// the same fan-out through Node's EventEmitter with async iterators (`events.on`) in the same run.
// The producer writes in batches of 256 and waits for the slowest watcher, so no watcher overruns
// the store's bounded history; both sides are paced the same way.
import { EventEmitter, on, setMaxListeners } from 'node:events';
import { MemoryState } from '../../src/state';

const WATCHERS = 100;
const BATCH = 256;
const KIND = { namespace: 'bench', type: 'Things.bench.talos.dev' };

interface FanoutResult {
  readonly eventsPerSecond: number;
}

async function paced(
  events: number,
  produce: (i: number) => Promise<void>,
  delivered: () => number,
): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < events; i += BATCH) {
    for (let j = i; j < Math.min(events, i + BATCH); j++) await produce(j);
    const target = Math.min(events, i + BATCH);
    while (delivered() < target) await new Promise((r) => setImmediate(r));
  }
  return performance.now() - t0;
}

export async function storeFanout(events: number): Promise<FanoutResult> {
  const state = new MemoryState();
  const stop = new AbortController();
  setMaxListeners(WATCHERS + 1, stop.signal);
  const counts = new Array<number>(WATCHERS).fill(0);
  const ready: Promise<void>[] = [];
  const done = Array.from({ length: WATCHERS }, async (_, w) => {
    let started: () => void = () => {};
    ready.push(new Promise((r) => (started = r)));
    const it = state.watchKind(KIND, stop.signal, { bootstrapContents: true });
    for await (const e of it) {
      if (e.type === 'bootstrapped') started();
      else if (e.type === 'errored') throw new Error(e.error);
      else counts[w]!++;
    }
  });
  await Promise.all(ready);
  const ms = await paced(
    events,
    (i) => state.modify({ ...KIND, id: `t${i % 100}` }, () => ({ n: i })).then(() => undefined),
    () => Math.min(...counts),
  );
  stop.abort();
  await Promise.allSettled(done);
  return { eventsPerSecond: (events * WATCHERS) / (ms / 1000) };
}

export async function emitterFanout(events: number): Promise<FanoutResult> {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(WATCHERS + 1);
  const stop = new AbortController();
  setMaxListeners(WATCHERS + 1, stop.signal);
  const counts = new Array<number>(WATCHERS).fill(0);
  const done = Array.from({ length: WATCHERS }, async (_, w) => {
    for await (const _e of on(emitter, 'event', { signal: stop.signal })) counts[w]!++;
  });
  const ms = await paced(
    events,
    async (i) => {
      emitter.emit('event', { id: `t${i % 100}`, n: i });
      await Promise.resolve();
    },
    () => Math.min(...counts),
  );
  stop.abort();
  await Promise.allSettled(done);
  return { eventsPerSecond: (events * WATCHERS) / (ms / 1000) };
}
