// perf.StatsController: CPUStats and MemoryStats ("latest") from /proc/stat and /proc/meminfo, read
// again every 30 s as Talos does (in a container too: the counters are the host kernel's).
import { readFile } from 'node:fs/promises';
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { CPU_STATS as CPU, type CPUStatsSpec } from '../../src/resources/perf/cpu-stats';
import {
  memoryStatsFrom,
  MEMORY_STATS as MEMORY,
  type MemoryStatsSpec,
} from '../../src/resources/perf/memory-stats';
import { parseMeminfo, parseProcStat } from '../../src/system/perf/proc-stats';

/** Talos's update interval. */
export const PERF_INTERVAL_MS = 30_000;

export interface StatsControllerOptions {
  readonly intervalMs?: number;
  /** Where /proc is (tests). */
  readonly procDir?: string;
}

export class StatsController implements Controller {
  readonly name = 'perf.StatsController';

  constructor(private readonly opts: StatsControllerOptions = {}) {}

  inputs() {
    return [];
  }

  outputs() {
    return [
      { namespace: CPU.namespace, type: CPU.type, kind: 'exclusive' as const },
      { namespace: MEMORY.namespace, type: MEMORY.type, kind: 'exclusive' as const },
    ];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const proc = this.opts.procDir ?? '/proc';
    const timer = setInterval(() => ctx.queueReconcile(), this.opts.intervalMs ?? PERF_INTERVAL_MS);
    try {
      while (await ctx.nextEvent(signal)) {
        const meminfo = parseMeminfo(await readFile(`${proc}/meminfo`, 'utf8'));
        await ctx.modify<MemoryStatsSpec>(MEMORY, () => memoryStatsFrom(meminfo));
        const stat = parseProcStat(await readFile(`${proc}/stat`, 'utf8'));
        await ctx.modify<CPUStatsSpec>(CPU, () => stat);
        ctx.resetBackoff();
      }
    } finally {
      clearInterval(timer);
    }
  }
}
