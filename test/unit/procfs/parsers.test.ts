// The /proc parsers on the kernel's own formats (lines as kernels 5.x/6.x write them), field by field.
import { describe, expect, it } from 'vitest';
import { isProcfsError } from '../../../src/procfs/errors';
import { parseCpuinfo } from '../../../src/procfs/cpuinfo';
import { parseCpuList } from '../../../src/procfs/cpufreq';
import { parseDiskstats, sumDiskCounters } from '../../../src/procfs/diskstats';
import { parseLoadavg } from '../../../src/procfs/loadavg';
import { parseMeminfo } from '../../../src/procfs/meminfo';
import { parseMounts } from '../../../src/procfs/mounts';
import { parseNetDev, totalNetDev } from '../../../src/procfs/net-dev';
import { parseStat } from '../../../src/procfs/stat';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('did not throw');
};

describe('parseMeminfo', () => {
  it('keeps each value as written (kB, or a count for HugePages_), by key', () => {
    const m = parseMeminfo(
      'MemTotal:       24683792 kB\nActive(anon):        168 kB\nHugePages_Total:       3\nHugepagesize:       2048 kB\n',
    );
    expect([...m]).toEqual([
      ['MemTotal', '24683792'],
      ['Active(anon)', '168'],
      ['HugePages_Total', '3'],
      ['Hugepagesize', '2048'],
    ]);
  });

  it('keeps 64-bit values exactly', () => {
    expect(parseMeminfo('VmallocTotal:   34359738367 kB\nX: 18446744073709551615\n').get('X')).toBe(
      '18446744073709551615',
    );
  });

  it('refuses a unit other than kB and a malformed line, naming the file', () => {
    const e = thrown(() => parseMeminfo('MemTotal: 1 MB\n'));
    expect(isProcfsError(e)).toBe(true);
    expect((e as Error).message).toContain('/proc/meminfo');
    expect(isProcfsError(thrown(() => parseMeminfo('MemTotal 1 kB\n')))).toBe(true);
  });
});

describe('parseStat', () => {
  const text = [
    'cpu  3339060 340720 406908 933714 5268 0 10426 16784 0 0',
    'cpu0 1673441 167054 198225 473966 1529 0 4158 8273 0 0',
    'cpu2 1665618 173665 208683 459747 3739 0 6268 8511 0 0',
    'intr 37648686 0 5 7',
    'ctxt 97915823',
    'btime 1796415493',
    'processes 632262',
    'procs_running 12',
    'procs_blocked 1',
    'softirq 14368048 1 1825822 729 3184711 1718872 2 6611 2590727 5288 5035288',
    '',
  ].join('\n');

  it('gives CPU times in seconds (USER_HZ = 100), per CPU number', () => {
    const s = parseStat(text);
    expect(s.cpuTotal).toEqual({
      user: 33390.6,
      nice: 3407.2,
      system: 4069.08,
      idle: 9337.14,
      iowait: 52.68,
      irq: 0,
      softIrq: 104.26,
      steal: 167.84,
      guest: 0,
      guestNice: 0,
    });
    expect([...s.cpus.keys()]).toEqual([0, 2]);
    expect(s.cpus.get(2)!.user).toBe(16656.18);
  });

  it('reads the counters', () => {
    const s = parseStat(text);
    expect(s.bootTime).toBe(1796415493n);
    expect(s.irqTotal).toBe(37648686n);
    expect(s.irqs).toEqual([0n, 5n, 7n]);
    expect(s.contextSwitches).toBe(97915823n);
    expect(s.processesCreated).toBe(632262n);
    expect(s.processesRunning).toBe(12n);
    expect(s.processesBlocked).toBe(1n);
    expect(s.softIrqTotal).toBe(14368048n);
    expect(s.softIrqs).toEqual({
      hi: 1n,
      timer: 1825822n,
      netTx: 729n,
      netRx: 3184711n,
      block: 1718872n,
      blockIoPoll: 2n,
      tasklet: 6611n,
      sched: 2590727n,
      hrtimer: 5288n,
      rcu: 5035288n,
    });
  });

  it('refuses a counter that is not a number', () => {
    expect(isProcfsError(thrown(() => parseStat('ctxt many\n')))).toBe(true);
  });
});

describe('parseCpuinfo', () => {
  const x86 = [
    'processor\t: 0',
    'vendor_id\t: AuthenticAMD',
    'cpu family\t: 25',
    'model\t\t: 1',
    'model name\t: AMD EPYC',
    'stepping\t: 1',
    'microcode\t: 0x1000065',
    'cpu MHz\t\t: 2445.412',
    'cache size\t: 512 KB',
    'physical id\t: 0',
    'siblings\t: 2',
    'core id\t\t: 0',
    'cpu cores\t: 2',
    'apicid\t\t: 0',
    'initial apicid\t: 0',
    'fpu\t\t: yes',
    'fpu_exception\t: yes',
    'cpuid level\t: 16',
    'wp\t\t: yes',
    'flags\t\t: fpu vme de',
    'bugs\t\t: sysret_ss_attrs spectre_v1',
    'bogomips\t: 4890.82',
    'TLB size\t: 2560 4K pages',
    'clflush size\t: 64',
    'cache_alignment\t: 64',
    'address sizes\t: 48 bits physical, 48 bits virtual',
    'power management:',
    '',
    'processor\t: 1',
    'model name\t: AMD EPYC',
    '',
  ].join('\n');

  it('reads each x86 processor block', () => {
    const [a, b] = parseCpuinfo(x86, 'x64');
    expect(a).toEqual({
      processor: 0,
      vendorId: 'AuthenticAMD',
      cpuFamily: '25',
      model: '1',
      modelName: 'AMD EPYC',
      stepping: '1',
      microcode: '0x1000065',
      cpuMhz: 2445.412,
      cacheSize: '512 KB',
      physicalId: '0',
      siblings: 2,
      coreId: '0',
      cpuCores: 2,
      apicId: '0',
      initialApicId: '0',
      fpu: 'yes',
      fpuException: 'yes',
      cpuIdLevel: 16,
      wp: 'yes',
      flags: ['fpu', 'vme', 'de'],
      bugs: ['sysret_ss_attrs', 'spectre_v1'],
      bogoMips: 4890.82,
      clFlushSize: 64,
      cacheAlignment: 64,
      addressSizes: '48 bits physical, 48 bits virtual',
      powerManagement: '',
    });
    expect(b).toMatchObject({ processor: 1, modelName: 'AMD EPYC', flags: [] });
  });

  it('reads arm64: BogoMIPS per processor, the Features line for all', () => {
    const arm = [
      'processor\t: 0',
      'BogoMIPS\t: 50.00',
      'Features\t: fp asimd evtstrm',
      'CPU implementer\t: 0x41',
      '',
      'processor\t: 1',
      'BogoMIPS\t: 50.00',
      'Features\t: fp asimd evtstrm',
      '',
    ].join('\n');
    const cpus = parseCpuinfo(arm, 'arm64');
    expect(cpus.map((c) => [c.processor, c.bogoMips, c.flags])).toEqual([
      [0, 50, ['fp', 'asimd', 'evtstrm']],
      [1, 50, ['fp', 'asimd', 'evtstrm']],
    ]);
  });

  it('refuses x86 text that does not start with a processor', () => {
    expect(isProcfsError(thrown(() => parseCpuinfo('vendor_id\t: X\n', 'x64')))).toBe(true);
  });
});

describe('parseCpuList', () => {
  it('expands ranges', () => {
    expect([...parseCpuList('0-2,5,7-8\n')]).toEqual([0, 1, 2, 5, 7, 8]);
    expect([...parseCpuList('\n')]).toEqual([]);
  });
});

describe('parseLoadavg', () => {
  it('reads the three averages', () => {
    expect(parseLoadavg('7.20 6.85 5.10 8/300 12320\n')).toEqual({ load1: 7.2, load5: 6.85, load15: 5.1 });
    expect(isProcfsError(thrown(() => parseLoadavg('7.20\n')))).toBe(true);
  });
});

describe('parseDiskstats', () => {
  const text = [
    '   7       0 loop0 96643 74 2679680 8194 30991 251097 29563257 38730 0 23536 60017 311 0 927707042 2373 6383 10719',
    ' 254       0 vda 10 1 2 3 4 5 6 7 8 9 10 11 12 13 14',
    '   8       0 sda 1 2 3 4 5 6 7 8 9 10 11',
    '',
  ].join('\n');

  it('reads devices with the 15 counters of kernels ≥ 4.18 and leaves older lines out', () => {
    const disks = parseDiskstats(text);
    expect(disks.map((d) => d.name)).toEqual(['loop0', 'vda']);
    expect(disks[0]).toMatchObject({
      readCompleted: 96643n,
      readMerged: 74n,
      readSectors: 2679680n,
      readTimeMs: 8194n,
      writeCompleted: 30991n,
      writeMerged: 251097n,
      writeSectors: 29563257n,
      writeTimeMs: 38730n,
      ioInProgress: 0n,
      ioTimeMs: 23536n,
      ioTimeWeightedMs: 60017n,
      discardCompleted: 311n,
      discardMerged: 0n,
      discardSectors: 927707042n,
      discardTimeMs: 2373n,
    });
  });

  it('sums the counters of all devices', () => {
    const total = sumDiskCounters(parseDiskstats(text));
    expect(total.readCompleted).toBe(96653n);
    expect(total.discardTimeMs).toBe(2387n);
  });
});

describe('parseNetDev', () => {
  const text = [
    'Inter-|   Receive                                                |  Transmit',
    ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
    '    lo: 1769248524 4236051    0    0    0     0          0         0 1769248524 4236051    0    0    0     0       0          0',
    '  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16',
    '',
  ].join('\n');

  it('reads each interface after the two header lines', () => {
    const devs = parseNetDev(text);
    expect(devs.map((d) => d.name)).toEqual(['lo', 'eth0']);
    expect(devs[1]).toEqual({
      name: 'eth0',
      rxBytes: 1n,
      rxPackets: 2n,
      rxErrors: 3n,
      rxDropped: 4n,
      rxFifo: 5n,
      rxFrame: 6n,
      rxCompressed: 7n,
      rxMulticast: 8n,
      txBytes: 9n,
      txPackets: 10n,
      txErrors: 11n,
      txDropped: 12n,
      txFifo: 13n,
      txCollisions: 14n,
      txCarrier: 15n,
      txCompressed: 16n,
    });
  });

  it('totals the interfaces under their sorted names', () => {
    const total = totalNetDev(parseNetDev(text));
    expect(total.name).toBe('eth0, lo');
    expect(total.rxBytes).toBe(1769248525n);
    expect(total.txCompressed).toBe(16n);
  });
});

describe('parseMounts', () => {
  it('takes the source and mount point as written, escapes included', () => {
    const text = 'proc /proc proc rw,nosuid 0 0\n/dev/vda / ext4 rw 0 0\nhost /mnt/a\\040b 9p rw 0 0\n';
    expect(parseMounts(text)).toEqual([
      { filesystem: 'proc', mountedOn: '/proc' },
      { filesystem: '/dev/vda', mountedOn: '/' },
      { filesystem: 'host', mountedOn: '/mnt/a\\040b' },
    ]);
  });
});
