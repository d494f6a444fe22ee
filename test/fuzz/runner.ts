// Runs a fuzz target in a worker thread and watches it: an input still running after `hangMs` is a
// hang (the worker is stopped and the rest of the inputs go to a fresh one, from the next seed).
import { Worker } from 'node:worker_threads';
import type { Crash, WorkerJob, WorkerResult } from './worker';

export interface Hang {
  readonly seed: number;
  /** The input's number in the run from `seed` (1-based): fast-check replays it from the seed. */
  readonly index: number;
}

export interface FuzzResult {
  readonly target: string;
  readonly tried: number;
  readonly accepted: number;
  readonly refused: number;
  readonly crashes: readonly Crash[];
  readonly hangs: readonly Hang[];
  readonly seconds: number;
}

export interface FuzzOptions {
  readonly inputs: number;
  readonly seed?: number;
  /** An input running longer than this is a hang (default 10 s). */
  readonly hangMs?: number;
}

const WORKER = new URL('./worker-boot.mjs', import.meta.url);
/** How long a worker may take to load its target before its first input. */
const LOAD_MS = 180_000;

function runWorker(job: WorkerJob, hangMs: number): Promise<WorkerResult | Hang> {
  const beat = new Float64Array(job.heartbeat);
  beat[0] = performance.timeOrigin + performance.now();
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: job });
    const watch = setInterval(
      () => {
        // Before the first input the worker loads the target (and makes its seeds: RSA keys take a while).
        const limit = beat[1] === 0 ? LOAD_MS : hangMs;
        if (performance.timeOrigin + performance.now() - beat[0]! > limit) {
          clearInterval(watch);
          const hang = { seed: job.seed, index: beat[1]! };
          void worker.terminate().then(() => resolve(hang));
        }
      },
      Math.min(500, hangMs / 4),
    );
    watch.unref();
    worker.once('message', (m: { ok?: WorkerResult; error?: string }) => {
      clearInterval(watch);
      void worker.terminate();
      if (m.ok) resolve(m.ok);
      else reject(new Error(`fuzz worker for ${job.target} failed: ${m.error}`));
    });
    worker.once('error', (e) => {
      clearInterval(watch);
      reject(e);
    });
  });
}

export async function fuzz(target: string, o: FuzzOptions): Promise<FuzzResult> {
  const started = performance.now();
  const hangMs = o.hangMs ?? 10_000;
  let seed = o.seed ?? (Math.random() * 2 ** 31) | 0;
  let tried = 0;
  let accepted = 0;
  let refused = 0;
  const crashes: Crash[] = [];
  const hangs: Hang[] = [];
  while (tried < o.inputs) {
    const heartbeat = new SharedArrayBuffer(16);
    const r = await runWorker({ target, inputs: o.inputs - tried, seed, heartbeat }, hangMs);
    if ('index' in r) {
      hangs.push(r);
      tried += r.index;
    } else {
      tried += r.tried;
      accepted += r.accepted;
      refused += r.refused;
      crashes.push(...r.crashes);
    }
    seed = (seed + 0x7f4a7c15) | 0;
  }
  return {
    target,
    tried,
    accepted,
    refused,
    crashes,
    hangs,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
