// perf.StatsController: CPUStats and MemoryStats from the kernel's counters, read again on its
// interval (Talos: 30 s; shortened here), so two reads differ; encoded with Talos's protobuf names.
import { afterEach, describe, expect, it } from 'vitest';
import { PERF_INTERVAL_MS, StatsController } from '../../../../controllers/perf/stats';
import { apiSchema } from '../../../../src/grpc/api-schema';
import { CPUStatsDefinition, type CPUStatsSpec } from '../../../../src/resources/perf/cpu-stats';
import {
  memoryStatsFrom,
  MemoryStatsDefinition,
  type MemoryStatsSpec,
} from '../../../../src/resources/perf/memory-stats';
import { parseMeminfo, parseProcStat } from '../../../../src/system/perf/proc-stats';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';

const CPU = { namespace: 'perf', type: CPUStatsDefinition.type, id: 'latest' };
const MEMORY = { namespace: 'perf', type: MemoryStatsDefinition.type, id: 'latest' };

const STAT = `cpu  1000 20 300 40000 50 6 7 0 0 0
cpu0 500 10 150 20000 25 3 4 0 0 0
cpu2 500 10 150 20000 25 3 3 0 0 0
intr 123456 1 2 3
ctxt 987654
btime 1700000000
processes 4242
procs_running 3
procs_blocked 1
softirq 55555 1 2
`;

describe('/proc parsing', () => {
  it('reads /proc/stat as procfs does: seconds at USER_HZ 100, offline cores zero', () => {
    const s = parseProcStat(STAT);
    expect(s.cpuTotal).toMatchObject({
      user: 10,
      nice: 0.2,
      system: 3,
      idle: 400,
      iowait: 0.5,
      softIrq: 0.07,
    });
    expect(s.cpu).toHaveLength(3);
    expect(s.cpu[1]).toMatchObject({ user: 0, idle: 0 });
    expect(s.cpu[2]!.softIrq).toBe(0.03);
    expect(s).toMatchObject({
      irqTotal: 123456,
      contextSwitches: 987654,
      processCreated: 4242,
      processRunning: 3,
      processBlocked: 1,
      softIrqTotal: 55555,
    });
  });

  it('reads /proc/meminfo in kB; used is total minus free', () => {
    const m = memoryStatsFrom(
      parseMeminfo(
        'MemTotal:       16000 kB\nMemFree:         4000 kB\nMemAvailable:    9000 kB\nActive(anon):     123 kB\nHugePages_Total:       2\n',
      ),
    );
    expect(m).toMatchObject({
      total: 16000,
      used: 12000,
      available: 9000,
      activeAnon: 123,
      hugePagesTotal: 2,
    });
    expect(m.swapTotal).toBe(0);
  });
});

describe('perf.StatsController', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('publishes the counters and reads them again on its interval', async () => {
    expect(PERF_INTERVAL_MS).toBe(30_000);
    h = harness();
    h.runtime.register(new StatsController({ intervalMs: 50 }));
    h.start();
    const first = await waitFor(() => h.state.get<CPUStatsSpec>(CPU).catch(() => undefined), 'CPUStats');
    const memory = await waitFor(
      () => h.state.get<MemoryStatsSpec>(MEMORY).catch(() => undefined),
      'MemoryStats',
    );
    expect(memory.spec.total).toBeGreaterThan(0);
    expect(memory.spec.used).toBeGreaterThan(0);
    expect(first.spec.cpu.length).toBeGreaterThan(0);
    // the kernel's counters move: a later read differs
    const later = await waitFor(async () => {
      const r = await h.state.get<CPUStatsSpec>(CPU);
      return r.metadata.version !== first.metadata.version ? r : undefined;
    }, 'a newer CPUStats');
    expect(later.spec.contextSwitches).toBeGreaterThan(first.spec.contextSwitches);

    const proto = apiSchema().encode(
      'talos.resource.definitions.perf.CPUSpec',
      CPUStatsDefinition.toProto!(later.spec),
    );
    const back = apiSchema()
      .codec('talos.resource.definitions.perf.CPUSpec')
      .decode(Buffer.from(proto)) as Record<string, unknown>;
    expect(Number(back['context_switches'])).toBe(later.spec.contextSwitches);
    expect((back['cpu_total'] as Record<string, number>)['user']).toBe(later.spec.cpuTotal.user);
  });
});
