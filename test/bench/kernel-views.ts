// Benchmark of the kernel views (`talosctl memory`, `processes`, the dashboard's SystemStat): p50/p99 of
// Memory, Processes and SystemStat called over gRPC on a maintenance agent (its own process, 16 calls
// in sequence per figure), as a ratio to reading the same /proc files directly in Node in this process
// (readFile of /proc/meminfo and /proc/stat; for Processes, for each PID the executable link and the
// comm, cmdline, stat and attr/current files, all PIDs at once).
import { readdir, readFile, readlink } from 'node:fs/promises';
import { makeStateDir, removeDir, startAgent } from '../harness/agent';
import { TestClient } from '../harness/client';
import { latencyFigures } from './apply-to-manifest';

type Emit = (o: Record<string, unknown>) => void;

const ADDRESS = '127.0.0.134';
const M = '/machine.MachineService/';

async function readProcesses(): Promise<number> {
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  const read = (p: string) => readFile(p).catch(() => undefined);
  const all = await Promise.all(
    pids.map(async (pid) => {
      const exe = await readlink(`/proc/${pid}/exe`).catch(() => undefined);
      if (exe === undefined) return undefined;
      const d = `/proc/${pid}/`;
      return Promise.all([read(`${d}comm`), read(`${d}cmdline`), read(`${d}stat`), read(`${d}attr/current`)]);
    }),
  );
  return all.filter(Boolean).length;
}

const BASELINES: Readonly<Record<string, () => Promise<unknown>>> = {
  Memory: () => readFile('/proc/meminfo', 'utf8'),
  SystemStat: () => readFile('/proc/stat', 'utf8'),
  Processes: readProcesses,
};

async function timed(fn: () => Promise<unknown>, calls: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return ms;
}

export async function kernelViewsBench(emit: Emit, o: { calls: number; rounds: number }): Promise<void> {
  const stateDir = await makeStateDir();
  const agent = startAgent(ADDRESS, stateDir);
  try {
    await agent.waitReady();
    const client = new TestClient(ADDRESS);
    try {
      for (const [method, baseline] of Object.entries(BASELINES)) {
        const call = () => client.unary(`${M}${method}`, {});
        await timed(call, 5); // warm up: connection, codecs, JIT
        await timed(baseline, 5);
        const ours: number[] = [];
        const base: number[] = [];
        // alternated rounds, so that the machine's load weighs on both alike
        for (let r = 0; r < o.rounds; r++) {
          ours.push(...(await timed(call, o.calls)));
          base.push(...(await timed(baseline, o.calls)));
        }
        emit({
          bench: `api.kernel_views.${method}`,
          ...latencyFigures(ours, base),
          calls: ours.length,
        });
      }
    } finally {
      client.close();
    }
  } finally {
    await agent.stop();
    await removeDir(stateDir);
  }
}
