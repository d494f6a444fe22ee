// The kernel's counters Talos's perf resources carry: /proc/stat (CPU times in seconds, as procfs
// reads them with USER_HZ 100; interrupts, context switches, processes) and /proc/meminfo (kB), in the
// shape of the perf resources, from the parsers the API's monitoring methods use too (src/procfs).
import { parseMeminfo as parseKernelMeminfo } from '../../procfs/meminfo';
import { parseStat } from '../../procfs/stat';

/** CPU times in seconds. */
export interface CPUStat {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softIrq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export interface CPUStats {
  cpu: CPUStat[];
  cpuTotal: CPUStat;
  irqTotal: number;
  contextSwitches: number;
  processCreated: number;
  processRunning: number;
  processBlocked: number;
  softIrqTotal: number;
}

const idle = (): CPUStat => ({
  user: 0,
  nice: 0,
  system: 0,
  idle: 0,
  iowait: 0,
  irq: 0,
  softIrq: 0,
  steal: 0,
  guest: 0,
  guestNice: 0,
});

/** The counters of /proc/stat (read by src/procfs/stat.ts); a core missing from the list (offline) is all zeroes, as Talos fills the gaps. */
export function parseProcStat(text: string): CPUStats {
  const s = parseStat(text);
  const highest = Math.max(-1, ...s.cpus.keys());
  return {
    cpu: Array.from({ length: highest + 1 }, (_, n) => ({ ...(s.cpus.get(n) ?? idle()) })),
    cpuTotal: { ...s.cpuTotal },
    irqTotal: Number(s.irqTotal),
    contextSwitches: Number(s.contextSwitches),
    processCreated: Number(s.processesCreated),
    processRunning: Number(s.processesRunning),
    processBlocked: Number(s.processesBlocked),
    softIrqTotal: Number(s.softIrqTotal),
  };
}

/** /proc/meminfo's values (kB) by their names there (`MemTotal`, `Active(anon)`, …; src/procfs/meminfo.ts). */
export function parseMeminfo(text: string): ReadonlyMap<string, number> {
  return new Map([...parseKernelMeminfo(text)].map(([key, value]) => [key, Number(value)]));
}
