// machine.MachineService Hostname, LoadAvg, SystemStat, CPUInfo, CPUFreqStats, Memory, DiskStats and
// NetworkDeviceStats (`talosctl memory`, `dashboard`): the kernel's figures as Talos reports them
// (src/procfs reads them). In container mode they are the host kernel's, as in a Talos container.
import { hostname } from 'node:os';
import type * as machine from '../../../gen/api/machine';
import { implement, type Implementation } from '../../../grpc/handler';
import { readCpuFrequencies } from '../../../procfs/cpufreq';
import { readCpuinfo, type CpuInfo } from '../../../procfs/cpuinfo';
import { DISK_COUNTERS, readDiskstats, sumDiskCounters, type DiskCounters } from '../../../procfs/diskstats';
import { readLoadavg } from '../../../procfs/loadavg';
import { readMeminfo, type Meminfo } from '../../../procfs/meminfo';
import { NET_DEV_COUNTERS, readNetDev, totalNetDev, type NetDev } from '../../../procfs/net-dev';
import { readStat, SOFT_IRQS, type CpuTimes, type SoftIrqCounts } from '../../../procfs/stat';
import { fromKernel, u64 } from './kernel-view';
import { MEMINFO_FIELDS } from './meminfo-fields';

function cpuStat(t: CpuTimes): machine.CPUStatInit {
  return {
    user: t.user,
    nice: t.nice,
    system: t.system,
    idle: t.idle,
    iowait: t.iowait,
    irq: t.irq,
    soft_irq: t.softIrq,
    steal: t.steal,
    guest: t.guest,
    guest_nice: t.guestNice,
  };
}

/** The API's field for each counter of the kernel's files. */
const DISK_FIELDS = {
  readCompleted: 'read_completed',
  readMerged: 'read_merged',
  readSectors: 'read_sectors',
  readTimeMs: 'read_time_ms',
  writeCompleted: 'write_completed',
  writeMerged: 'write_merged',
  writeSectors: 'write_sectors',
  writeTimeMs: 'write_time_ms',
  ioInProgress: 'io_in_progress',
  ioTimeMs: 'io_time_ms',
  ioTimeWeightedMs: 'io_time_weighted_ms',
  discardCompleted: 'discard_completed',
  discardMerged: 'discard_merged',
  discardSectors: 'discard_sectors',
  discardTimeMs: 'discard_time_ms',
} as const satisfies Record<(typeof DISK_COUNTERS)[number], keyof machine.DiskStatInit>;

const NET_DEV_FIELDS = {
  rxBytes: 'rx_bytes',
  rxPackets: 'rx_packets',
  rxErrors: 'rx_errors',
  rxDropped: 'rx_dropped',
  rxFifo: 'rx_fifo',
  rxFrame: 'rx_frame',
  rxCompressed: 'rx_compressed',
  rxMulticast: 'rx_multicast',
  txBytes: 'tx_bytes',
  txPackets: 'tx_packets',
  txErrors: 'tx_errors',
  txDropped: 'tx_dropped',
  txFifo: 'tx_fifo',
  txCollisions: 'tx_collisions',
  txCarrier: 'tx_carrier',
  txCompressed: 'tx_compressed',
} as const satisfies Record<(typeof NET_DEV_COUNTERS)[number], keyof machine.NetDevInit>;

const SOFT_IRQ_FIELDS = {
  hi: 'hi',
  timer: 'timer',
  netTx: 'net_tx',
  netRx: 'net_rx',
  block: 'block',
  blockIoPoll: 'block_io_poll',
  tasklet: 'tasklet',
  sched: 'sched',
  hrtimer: 'hrtimer',
  rcu: 'rcu',
} as const satisfies Record<(typeof SOFT_IRQS)[number], keyof machine.SoftIRQStatInit>;

function diskStat(name: string, d: DiskCounters): machine.DiskStatInit {
  const out: machine.DiskStatInit = { name };
  for (const k of DISK_COUNTERS) out[DISK_FIELDS[k]] = u64(d[k]);
  return out;
}

function netDev(d: NetDev): machine.NetDevInit {
  const out: machine.NetDevInit = { name: d.name };
  for (const k of NET_DEV_COUNTERS) out[NET_DEV_FIELDS[k]] = u64(d[k]);
  return out;
}

function softIrq(counts: SoftIrqCounts): machine.SoftIRQStatInit {
  const out: machine.SoftIRQStatInit = {};
  for (const k of SOFT_IRQS) out[SOFT_IRQ_FIELDS[k]] = u64(counts[k]);
  return out;
}

function memInfo(info: Meminfo): machine.MemInfoInit {
  const out: machine.MemInfoInit = {};
  for (const [field, key] of MEMINFO_FIELDS) out[field] = info.get(key) ?? '0';
  return out;
}

/** Talos leaves cpu_cores unset (its translation skips the field); so does this. */
function cpuInfo(c: CpuInfo): machine.CPUInfoInit {
  return {
    processor: c.processor,
    vendor_id: c.vendorId,
    cpu_family: c.cpuFamily,
    model: c.model,
    model_name: c.modelName,
    stepping: c.stepping,
    microcode: c.microcode,
    cpu_mhz: c.cpuMhz,
    cache_size: c.cacheSize,
    physical_id: c.physicalId,
    siblings: c.siblings,
    core_id: c.coreId,
    apic_id: c.apicId,
    initial_apic_id: c.initialApicId,
    fpu: c.fpu,
    fpu_exception: c.fpuException,
    cpu_id_level: c.cpuIdLevel,
    wp: c.wp,
    flags: c.flags,
    bugs: c.bugs,
    bogo_mips: c.bogoMips,
    cl_flush_size: c.clFlushSize,
    cache_alignment: c.cacheAlignment,
    address_sizes: c.addressSizes,
    power_management: c.powerManagement,
  };
}

export function monitoringApi(): Implementation<'machine.MachineService'> {
  return implement('machine.MachineService', {
    Hostname: () => Promise.resolve({ messages: [{ hostname: hostname() }] }),

    LoadAvg: () =>
      fromKernel(async () => {
        const l = await readLoadavg();
        return { messages: [{ load1: l.load1, load5: l.load5, load15: l.load15 }] };
      }),

    Memory: () =>
      fromKernel(async () => {
        return { messages: [{ meminfo: memInfo(await readMeminfo()) }] };
      }),

    SystemStat: () =>
      fromKernel(async () => {
        const s = await readStat();
        // One entry per CPU number up to the highest; a CPU the kernel does not list is left empty.
        const highest = Math.max(-1, ...s.cpus.keys());
        const cpu = Array.from({ length: highest + 1 }, (_, n) => {
          const t = s.cpus.get(n);
          return t ? cpuStat(t) : {};
        });
        return {
          messages: [
            {
              boot_time: u64(s.bootTime),
              cpu_total: cpuStat(s.cpuTotal),
              cpu,
              irq_total: u64(s.irqTotal),
              irq: s.irqs.map(u64),
              context_switches: u64(s.contextSwitches),
              process_created: u64(s.processesCreated),
              process_running: u64(s.processesRunning),
              process_blocked: u64(s.processesBlocked),
              soft_irq_total: u64(s.softIrqTotal),
              soft_irq: softIrq(s.softIrqs),
            },
          ],
        };
      }),

    CPUInfo: () => fromKernel(async () => ({ messages: [{ cpu_info: (await readCpuinfo()).map(cpuInfo) }] })),

    CPUFreqStats: () =>
      fromKernel(async () => {
        const cpus = await readCpuFrequencies();
        const stats = cpus.map((c) =>
          // Talos reports a CPU with any of the three frequencies unknown as all zero.
          c.current === undefined || c.minimum === undefined || c.maximum === undefined
            ? {}
            : {
                current_frequency: u64(c.current),
                minimum_frequency: u64(c.minimum),
                maximum_frequency: u64(c.maximum),
                governor: c.governor,
              },
        );
        return { messages: [{ cpu_freq_stats: stats }] };
      }),

    DiskStats: () =>
      fromKernel(async () => {
        const disks = await readDiskstats();
        return {
          messages: [
            { devices: disks.map((d) => diskStat(d.name, d)), total: diskStat('', sumDiskCounters(disks)) },
          ],
        };
      }),

    NetworkDeviceStats: () =>
      fromKernel(async () => {
        const devs = await readNetDev();
        return { messages: [{ devices: devs.map(netDev), total: netDev(totalNetDev(devs)) }] };
      }),
  });
}
