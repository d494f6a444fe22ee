// `npm run fuzz`: the long fuzz run. Every target gets FUZZ_INPUTS inputs (the config loader
// FUZZ_CONFIG_INPUTS, a million by default), in FUZZ_WORKERS worker threads at a time; one JSON line
// per target and a total, e.g. {"fuzz":"config","inputs":1000000,"crashes":0,"hangs":0,"seconds":…}.
// A crash prints the (shrunk) input; the exit status is 1 when anything crashed or hung.
import { TARGET_NAMES } from './targets';
import { fuzz, type FuzzResult } from './runner';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const CONFIG_INPUTS = env('FUZZ_CONFIG_INPUTS', 1_000_000);
const INPUTS = env('FUZZ_INPUTS', 100_000);
const WORKERS = Math.max(1, env('FUZZ_WORKERS', 2));
const HANG_MS = env('FUZZ_HANG_MS', 10_000);
const CHUNK = env('FUZZ_CHUNK', 50_000);
const only = process.env['FUZZ_TARGETS']?.split(',');

interface Job {
  readonly target: string;
  readonly inputs: number;
}

const jobs: Job[] = [];
for (const target of TARGET_NAMES.filter((t) => !only || only.includes(t))) {
  let left = target === 'config' ? CONFIG_INPUTS : INPUTS;
  while (left > 0) {
    jobs.push({ target, inputs: Math.min(CHUNK, left) });
    left -= CHUNK;
  }
}

const started = performance.now();
const results = new Map<string, FuzzResult[]>();
let next = 0;
async function lane(): Promise<void> {
  while (next < jobs.length) {
    const job = jobs[next++]!;
    const r = await fuzz(job.target, { inputs: job.inputs, hangMs: HANG_MS });
    (results.get(job.target) ?? results.set(job.target, []).get(job.target)!).push(r);
    for (const c of r.crashes) console.error(JSON.stringify({ crash: c }));
    for (const h of r.hangs) console.error(JSON.stringify({ hang: { target: job.target, ...h } }));
  }
}
await Promise.all(Array.from({ length: WORKERS }, lane));

let bad = 0;
let total = 0;
for (const [target, rs] of results) {
  const sum = (f: (r: FuzzResult) => number): number => rs.reduce((s, r) => s + f(r), 0);
  const line = {
    fuzz: target,
    inputs: sum((r) => r.tried),
    accepted: sum((r) => r.accepted),
    refused: sum((r) => r.refused),
    crashes: sum((r) => r.crashes.length),
    hangs: sum((r) => r.hangs.length),
    worker_seconds: Math.round(sum((r) => r.seconds)),
  };
  total += line.inputs;
  bad += line.crashes + line.hangs;
  console.log(JSON.stringify(line));
}
console.log(
  JSON.stringify({
    fuzz: 'total',
    inputs: total,
    failures: bad,
    workers: WORKERS,
    seconds: Math.round((performance.now() - started) / 1000),
  }),
);
process.exit(bad > 0 ? 1 : 0);
