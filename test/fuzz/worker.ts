// One fuzz run in a worker thread: `inputs` inputs of one target from `seed`. Before each input the
// worker stamps the time into the shared heartbeat, so the runner can see an input that never ends
// and stop the worker. A crash stops fast-check, which shrinks the input; the run goes on with the
// next seed until every input has been tried.
import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { FuzzCrash, runOne } from './fuzz-target';
import { TARGET_MODULES } from './targets';

export interface WorkerJob {
  readonly target: string;
  readonly inputs: number;
  readonly seed: number;
  /** Float64Array(2): [start time (ms, performance.timeOrigin based) of the input in progress, its index]. */
  readonly heartbeat: SharedArrayBuffer;
}

export interface Crash {
  readonly message: string;
  readonly input: string;
  readonly seed: number;
}

export interface WorkerResult {
  readonly tried: number;
  readonly accepted: number;
  readonly refused: number;
  readonly crashes: Crash[];
}

async function main(job: WorkerJob): Promise<WorkerResult> {
  const target = await TARGET_MODULES[job.target]!();
  const beat = new Float64Array(job.heartbeat);
  let tried = 0;
  let accepted = 0;
  let refused = 0;
  const crashes: Crash[] = [];
  let seed = job.seed;
  let shrinking = false;
  while (tried < job.inputs) {
    const property = fc.asyncProperty(target.arbitrary, async (input) => {
      if (!shrinking) {
        tried++;
        beat[1] = tried;
      }
      beat[0] = performance.timeOrigin + performance.now();
      let outcome;
      try {
        outcome = await runOne(target, input);
      } catch (e: unknown) {
        shrinking = true; // fast-check now tries smaller inputs: they are not counted
        throw e;
      }
      if (!shrinking) {
        if (outcome === 'accepted') accepted++;
        else refused++;
      }
    });
    const left = job.inputs - tried;
    const result = await fc.check(property, { numRuns: left, seed, endOnFailure: false });
    shrinking = false;
    if (result.failed) {
      const error = result.errorInstance;
      const shown = result.counterexample
        ? (target.show ?? String)(result.counterexample[0])
        : '(no counterexample)';
      crashes.push({
        message: error instanceof FuzzCrash ? error.message : String(error),
        input: shown.length > 4000 ? `${shown.slice(0, 4000)}…` : shown,
        seed,
      });
    }
    seed = (seed + 0x9e3779b1) | 0;
  }
  return { tried, accepted, refused, crashes };
}

const job = workerData as WorkerJob;
main(job).then(
  (r) => parentPort?.postMessage({ ok: r }),
  (e: unknown) => parentPort?.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
