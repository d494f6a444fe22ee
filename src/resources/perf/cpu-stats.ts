// CPUStats.perf.talos.dev: the last CPU counters of the node (id "latest").
import { defineResource, pointerTo } from '../definition';
import type { CPUStat, CPUStats } from '../../system/perf/proc-stats';

export const PERF_LATEST_ID = 'latest';

export type CPUStatsSpec = CPUStats;

const statProto = (s: CPUStat) => ({
  user: s.user,
  nice: s.nice,
  system: s.system,
  idle: s.idle,
  iowait: s.iowait,
  irq: s.irq,
  soft_irq: s.softIrq,
  steal: s.steal,
  guest: s.guest,
  guest_nice: s.guestNice,
});

export const CPUStatsDefinition = defineResource<CPUStatsSpec>({
  type: 'CPUStats.perf.talos.dev',
  defaultNamespace: 'perf',
  printColumns: [
    { name: 'User', jsonPath: '{.cpuTotal.user}' },
    { name: 'System', jsonPath: '{.cpuTotal.system}' },
  ],
  protoSpec: 'talos.resource.definitions.perf.CPUSpec',
  toProto: (s) => ({
    cpu: s.cpu.map(statProto),
    cpu_total: statProto(s.cpuTotal),
    irq_total: s.irqTotal,
    context_switches: s.contextSwitches,
    process_created: s.processCreated,
    process_running: s.processRunning,
    process_blocked: s.processBlocked,
    soft_irq_total: s.softIrqTotal,
  }),
});

export const CPU_STATS = pointerTo(CPUStatsDefinition, PERF_LATEST_ID);
