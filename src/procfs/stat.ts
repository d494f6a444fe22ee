// /proc/stat: CPU time per state (the kernel counts in USER_HZ ticks; here in seconds, as
// prometheus/procfs gives them to Talos), interrupts, context switches, processes, soft IRQs.
import { parseError } from './errors';
import { readKernelFile } from './read';

/** The kernel's USER_HZ: ticks per second in /proc/stat and /proc/<pid>/stat. */
export const USER_HZ = 100;

export interface CpuTimes {
  readonly user: number;
  readonly nice: number;
  readonly system: number;
  readonly idle: number;
  readonly iowait: number;
  readonly irq: number;
  readonly softIrq: number;
  readonly steal: number;
  readonly guest: number;
  readonly guestNice: number;
}

export const SOFT_IRQS = [
  'hi',
  'timer',
  'netTx',
  'netRx',
  'block',
  'blockIoPoll',
  'tasklet',
  'sched',
  'hrtimer',
  'rcu',
] as const;
export type SoftIrqCounts = Readonly<Record<(typeof SOFT_IRQS)[number], bigint>>;

export interface KernelStat {
  readonly bootTime: bigint;
  readonly cpuTotal: CpuTimes;
  /** By CPU number; a CPU the file does not list (offline) is absent. */
  readonly cpus: ReadonlyMap<number, CpuTimes>;
  readonly irqTotal: bigint;
  readonly irqs: readonly bigint[];
  readonly contextSwitches: bigint;
  readonly processesCreated: bigint;
  readonly processesRunning: bigint;
  readonly processesBlocked: bigint;
  readonly softIrqTotal: bigint;
  readonly softIrqs: SoftIrqCounts;
}

function cpuTimes(file: string, parts: readonly string[]): CpuTimes {
  const at = (i: number): number => {
    const s = parts[i];
    // Older kernels have fewer columns: the missing ones are zero.
    const n = s === undefined ? 0 : Number(s);
    if (!Number.isFinite(n)) throw parseError(file, `${parts[0]}: ${JSON.stringify(s)}`);
    return n / USER_HZ;
  };
  return {
    user: at(1),
    nice: at(2),
    system: at(3),
    idle: at(4),
    iowait: at(5),
    irq: at(6),
    softIrq: at(7),
    steal: at(8),
    guest: at(9),
    guestNice: at(10),
  };
}

function counter(file: string, s: string | undefined, what: string): bigint {
  if (s === undefined || !/^\d+$/.test(s)) throw parseError(file, `${what}: ${JSON.stringify(s ?? '')}`);
  return BigInt(s);
}

const ZERO_TIMES = cpuTimes('', ['cpu']);
const ZERO_SOFT_IRQS = Object.fromEntries(SOFT_IRQS.map((k) => [k, 0n])) as SoftIrqCounts;

export function parseStat(text: string, file = '/proc/stat'): KernelStat {
  let bootTime = 0n;
  let cpuTotal = ZERO_TIMES;
  const cpus = new Map<number, CpuTimes>();
  let irqTotal = 0n;
  let irqs: bigint[] = [];
  let contextSwitches = 0n;
  let processesCreated = 0n;
  let processesRunning = 0n;
  let processesBlocked = 0n;
  let softIrqTotal = 0n;
  let softIrqs = ZERO_SOFT_IRQS;
  for (const line of text.split('\n')) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const [key, value] = parts as [string, string];
    switch (key) {
      case 'btime':
        bootTime = counter(file, value, key);
        break;
      case 'intr':
        irqTotal = counter(file, value, key);
        irqs = parts.slice(2).map((s, i) => counter(file, s, `intr${i}`));
        break;
      case 'ctxt':
        contextSwitches = counter(file, value, key);
        break;
      case 'processes':
        processesCreated = counter(file, value, key);
        break;
      case 'procs_running':
        processesRunning = counter(file, value, key);
        break;
      case 'procs_blocked':
        processesBlocked = counter(file, value, key);
        break;
      case 'softirq':
        softIrqTotal = counter(file, value, key);
        softIrqs = Object.fromEntries(
          // a kernel with fewer kinds of soft IRQ writes fewer columns: the missing ones are zero
          SOFT_IRQS.map((k, i) => [
            k,
            parts[i + 2] === undefined ? 0n : counter(file, parts[i + 2], `softirq ${k}`),
          ]),
        ) as SoftIrqCounts;
        break;
      default:
        if (!key.startsWith('cpu')) break;
        if (key === 'cpu') cpuTotal = cpuTimes(file, parts);
        else {
          const n = Number(key.slice(3));
          if (!Number.isInteger(n) || n < 0) throw parseError(file, `cpu number ${JSON.stringify(key)}`);
          cpus.set(n, cpuTimes(file, parts));
        }
    }
  }
  return {
    bootTime,
    cpuTotal,
    cpus,
    irqTotal,
    irqs,
    contextSwitches,
    processesCreated,
    processesRunning,
    processesBlocked,
    softIrqTotal,
    softIrqs,
  };
}

export async function readStat(proc = '/proc'): Promise<KernelStat> {
  const file = `${proc}/stat`;
  return parseStat(await readKernelFile(file), file);
}
