// The kernel's counters Talos's perf resources carry: /proc/stat (CPU times in seconds, as procfs
// reads them with USER_HZ 100; interrupts, context switches, processes) and /proc/meminfo (kB).

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

const USER_HZ = 100;
const CPU_FIELDS = [
  'user',
  'nice',
  'system',
  'idle',
  'iowait',
  'irq',
  'softIrq',
  'steal',
  'guest',
  'guestNice',
] as const;

function cpuStat(fields: readonly string[]): CPUStat {
  const stat = {} as CPUStat;
  CPU_FIELDS.forEach((name, i) => (stat[name] = Number(fields[i] ?? 0) / USER_HZ));
  return stat;
}

export function parseProcStat(text: string): CPUStats {
  const out: CPUStats = {
    cpu: [],
    cpuTotal: cpuStat([]),
    irqTotal: 0,
    contextSwitches: 0,
    processCreated: 0,
    processRunning: 0,
    processBlocked: 0,
    softIrqTotal: 0,
  };
  for (const line of text.split('\n')) {
    const [key, ...rest] = line.trim().split(/\s+/);
    if (!key) continue;
    const first = Number(rest[0] ?? 0);
    if (key === 'cpu') out.cpuTotal = cpuStat(rest);
    else if (/^cpu\d+$/.test(key)) out.cpu[Number(key.slice(3))] = cpuStat(rest);
    else if (key === 'intr') out.irqTotal = first;
    else if (key === 'ctxt') out.contextSwitches = first;
    else if (key === 'processes') out.processCreated = first;
    else if (key === 'procs_running') out.processRunning = first;
    else if (key === 'procs_blocked') out.processBlocked = first;
    else if (key === 'softirq') out.softIrqTotal = first;
  }
  // a core missing from the list (offline) is all zeroes, as Talos fills the gaps
  for (let i = 0; i < out.cpu.length; i++) out.cpu[i] ??= cpuStat([]);
  return out;
}

/** /proc/meminfo's values (kB) by their names there (`MemTotal`, `Active(anon)`, …). */
export function parseMeminfo(text: string): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([^:]+):\s+(\d+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
