// The kernel's figures as the API reports them, against the kernel's own files read by this test around
// each call (a counter is between the values before and after the call; a constant is equal): a real
// agent in maintenance mode on 127.0.0.132 (every caller is a reader), called over gRPC.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, realpathSync, statfsSync } from 'node:fs';
import { hostname } from 'node:os';
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { grpcCode, TestClient } from '../harness/client';

const ADDRESS = '127.0.0.132';
const M = '/machine.MachineService/';

type Fields = Record<string, unknown>;
interface Answer<T> {
  messages: T[];
}

let agent: Agent;
let stateDir: string;
let client: TestClient;

beforeAll(async () => {
  stateDir = await makeStateDir();
  agent = startAgent(ADDRESS, stateDir);
  await agent.waitReady();
  client = new TestClient(ADDRESS);
});

afterAll(async () => {
  client?.close();
  await agent?.stop();
  await removeDir(stateDir);
});

async function call<T = Fields>(method: string, req: object = {}): Promise<T> {
  const res = await client.unary<Answer<T>>(`${M}${method}`, req);
  expect(res.messages).toHaveLength(1);
  return res.messages[0]!;
}

/** `fn` read before and after `during`, with what `during` gave. */
async function around<K, T>(read: () => K, during: () => Promise<T>): Promise<[K, T, K]> {
  const before = read();
  const answer = await during();
  return [before, answer, read()];
}

const between = (v: unknown, a: bigint | number, b: bigint | number): void => {
  const n = typeof a === 'bigint' ? BigInt(v as string) : Number(v);
  expect(n >= (a < b ? a : b) && n <= (a < b ? b : a), `${String(v)} between ${a} and ${b}`).toBe(true);
};

/** /proc/meminfo: key → value, and the API's field for the key (lower case, letters and digits). */
function meminfo(): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const line of readFileSync('/proc/meminfo', 'utf8').trim().split('\n')) {
    const [key, value] = line.split(/:\s+/);
    out.set(key!.toLowerCase().replace(/[^a-z0-9]/g, ''), BigInt(value!.split(' ')[0]!));
  }
  return out;
}

const words = (path: string): string[][] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/));

describe('kernel figures', () => {
  it('Memory: every /proc/meminfo value the API has, in kB as the kernel writes it', async () => {
    const [before, answer, after] = await around(meminfo, () => call<{ meminfo: Fields }>('Memory'));
    const fields = answer.meminfo;
    expect(fields['memtotal']).toBe(before.get('memtotal')!.toString());
    expect(fields['swaptotal']).toBe(before.get('swaptotal')!.toString());
    expect(fields['hugepagesize']).toBe(before.get('hugepagesize')!.toString());
    let compared = 0;
    for (const [key, value] of before) {
      if (!(key in fields)) continue;
      compared++;
      // Most values move all the time; they must be in the range seen around the call, with slack.
      const lo = [value, after.get(key)!].reduce((a, b) => (a < b ? a : b));
      const hi = [value, after.get(key)!].reduce((a, b) => (a > b ? a : b));
      between(fields[key], (lo * 9n) / 10n - 4096n, (hi * 11n) / 10n + 4096n);
    }
    expect(compared).toBeGreaterThanOrEqual(40);
  });

  it('SystemStat: boot time, CPUs, and counters between the readings of /proc/stat', async () => {
    const stat = (): Map<string, string[]> => new Map(words('/proc/stat').map((w) => [w[0]!, w.slice(1)]));
    const [before, s, after] = await around(stat, () =>
      call<{ boot_time: string; cpu: Fields[]; cpu_total: Fields; soft_irq: Fields } & Fields>('SystemStat'),
    );
    expect(s.boot_time).toBe(before.get('btime')![0]);
    const cpus = [...before.keys()].filter((k) => /^cpu\d+$/.test(k));
    expect(s.cpu).toHaveLength(Math.max(...cpus.map((c) => Number(c.slice(3)))) + 1);
    const ticks = (key: string, i: number, m: Map<string, string[]>) => Number(m.get(key)![i]) / 100;
    between(s.cpu_total['user'], ticks('cpu', 0, before), ticks('cpu', 0, after));
    between(s.cpu_total['idle'], ticks('cpu', 3, before), ticks('cpu', 3, after));
    between(s.cpu[0]!['system'], ticks('cpu0', 2, before), ticks('cpu0', 2, after));
    const counter = (key: string, i = 0) =>
      [BigInt(before.get(key)![i]!), BigInt(after.get(key)![i]!)] as const;
    between(s['context_switches'], ...counter('ctxt'));
    between(s['process_created'], ...counter('processes'));
    between(s['irq_total'], ...counter('intr'));
    between(s['soft_irq_total'], ...counter('softirq'));
    between(s.soft_irq['timer'], ...counter('softirq', 2));
    between(s.soft_irq['rcu'], ...counter('softirq', 10));
  });

  it('CPUInfo and CPUFreqStats: one entry per processor, as /proc/cpuinfo and sysfs list them', async () => {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const processors = info.split('\n').filter((l) => /^processor\s*:/.test(l));
    const answer = await call<{ cpu_info: Fields[] }>('CPUInfo');
    expect(answer.cpu_info.map((c) => c['processor'])).toEqual(
      processors.map((l) => Number(l.split(': ')[1])),
    );
    const modelName = /^model name\s*: (.*)$/m.exec(info)?.[1];
    if (modelName !== undefined) expect(answer.cpu_info[0]!['model_name']).toBe(modelName);
    const flags = /^flags\s*: (.*)$/m.exec(info)?.[1]?.split(' ');
    if (flags !== undefined) expect(answer.cpu_info[0]!['flags']).toEqual(flags);

    const online = readdirSync('/sys/devices/system/cpu').filter((n) => /^cpu\d+$/.test(n));
    const freq = await call<{ cpu_freq_stats: Fields[] }>('CPUFreqStats');
    expect(freq.cpu_freq_stats).toHaveLength(online.length);
    const dir = '/sys/devices/system/cpu/cpu0/cpufreq';
    const khz = (f: string) => readFileSync(`${dir}/${f}`, 'utf8').trim();
    const hasFreq = readdirSync('/sys/devices/system/cpu/cpu0').includes('cpufreq');
    expect(freq.cpu_freq_stats[0]!['maximum_frequency']).toBe(hasFreq ? khz('cpuinfo_max_freq') : '0');
  });

  it('LoadAvg: the averages of /proc/loadavg', async () => {
    const read = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
    const [before, l, after] = await around(read, () => call<Fields>('LoadAvg'));
    expect([before[0], after[0]]).toContain(l['load1']);
    expect([before[2], after[2]]).toContain(l['load15']);
  });

  it('DiskStats: each device of /proc/diskstats with its counters, and their total', async () => {
    const disks = () =>
      new Map(
        words('/proc/diskstats')
          .filter((w) => w.length >= 18)
          .map((w) => [w[2]!, w]),
      );
    const [before, answer, after] = await around(disks, () =>
      call<{ devices: Fields[]; total: Fields }>('DiskStats'),
    );
    expect(answer.devices.map((d) => d['name'])).toEqual([...before.keys()]);
    for (const d of answer.devices) {
      const [b, a] = [before.get(d['name'] as string)!, after.get(d['name'] as string)!];
      between(d['read_completed'], BigInt(b[3]!), BigInt(a[3]!));
      between(d['write_sectors'], BigInt(b[9]!), BigInt(a[9]!));
      between(d['discard_time_ms'], BigInt(b[17]!), BigInt(a[17]!));
    }
    const sum = (m: Map<string, string[]>, i: number) =>
      [...m.values()].reduce((s, w) => s + BigInt(w[i]!), 0n);
    between(answer.total['read_completed'], sum(before, 3), sum(after, 3));
  });

  it('NetworkDeviceStats: the interfaces of /proc/net/dev, and their total under their sorted names', async () => {
    const devs = () =>
      new Map(
        readFileSync('/proc/net/dev', 'utf8')
          .split('\n')
          .slice(2)
          .filter((l) => l.includes(':'))
          .map((l) => [l.split(':')[0]!.trim(), l.split(':')[1]!.trim().split(/\s+/)]),
      );
    const [before, answer, after] = await around(devs, () =>
      call<{ devices: Fields[]; total: Fields }>('NetworkDeviceStats'),
    );
    const names = answer.devices.map((d) => d['name'] as string);
    for (const n of names) expect(before.has(n) || after.has(n)).toBe(true);
    for (const n of before.keys()) if (after.has(n)) expect(names).toContain(n);
    expect(answer.total['name']).toBe([...names].sort().join(', '));
    const lo = answer.devices.find((d) => d['name'] === 'lo')!;
    between(lo['rx_bytes'], BigInt(before.get('lo')![0]!), BigInt(after.get('lo')![0]!));
    between(lo['tx_packets'], BigInt(before.get('lo')![9]!), BigInt(after.get('lo')![9]!));
  });

  it("Hostname: the kernel's host name", async () => {
    expect((await call<Fields>('Hostname'))['hostname']).toBe(hostname());
  });
});

describe('processes, mounts and sockets', () => {
  let child: ChildProcess;
  const marker = `talos-ts-kernel-views-${process.pid}`;

  beforeAll(() => {
    child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', marker], { stdio: 'ignore' });
  });
  afterAll(() => {
    child.kill();
  });

  it("Processes: this test's child with its command line, the agent, no kernel threads", async () => {
    const { processes } = await call<{ processes: Fields[] }>('Processes');
    const mine = processes.find((p) => p['pid'] === child.pid);
    expect(mine).toMatchObject({
      ppid: process.pid,
      command: 'node',
      executable: realpathSync(process.execPath),
      args: `${process.execPath} -e setInterval(() => {}, 1000) ${marker}`,
    });
    expect(['R', 'S']).toContain(mine!['state']);
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    expect(mine!['threads']).toBe(Number(stat[17]));
    expect(Number(mine!['virtual_memory'])).toBeGreaterThan(0);
    const rssPages = Number(stat[21]);
    expect(Number(mine!['resident_memory']) / 4096).toBeGreaterThan(rssPages * 0.5);
    expect(Number(mine!['resident_memory']) / 4096).toBeLessThan(rssPages * 2);
    expect(processes.find((p) => p['pid'] === agent.pid)?.['args']).toContain(`--listen ${ADDRESS}`);
    expect(processes.some((p) => p['pid'] === 2)).toBe(false); // kthreadd has no executable
  });

  it("Mounts: the agent's mount table (this test's: same namespace) with statfs sizes", async () => {
    const table = () =>
      words('/proc/self/mounts')
        .filter((w) => w.length >= 2)
        .map((w) => `${w[0]} ${w[1]}`);
    const [before, answer, after] = await around(table, () => call<{ stats: Fields[] }>('Mounts'));
    const listed = answer.stats.map((s) => `${String(s['filesystem'])} ${String(s['mounted_on'])}`);
    for (const m of before.filter((x) => after.includes(x))) expect(listed).toContain(m);
    for (const m of listed) expect(before.includes(m) || after.includes(m)).toBe(true);
    const root = answer.stats.find((s) => s['mounted_on'] === '/')!;
    const fs = statfsSync('/', { bigint: true });
    expect(root['size']).toBe((fs.bsize * fs.blocks).toString());
  });

  describe('Netstat', () => {
    let server: Server;
    let socket: Socket;
    beforeAll(async () => {
      server = createServer();
      await new Promise<void>((r) => server.listen(0, ADDRESS, r));
      socket = createConnection({ host: ADDRESS, port: 50000 });
      await new Promise((r) => socket.once('connect', r));
    });
    afterAll(() => {
      socket.destroy();
      server.close();
    });

    const all = {
      tcp: true,
      tcp6: true,
      udp: true,
      udp6: true,
      udplite: false,
      udplite6: false,
      raw: false,
      raw6: false,
    };
    const netstat = (filter: string, pid = true, l4proto = all) =>
      call<{ connectrecord: Fields[] }>('Netstat', {
        filter,
        feature: { pid },
        l4proto,
        netns: { hostnetwork: true, netns: [], allnetns: false },
      }).then((a) => a.connectrecord);

    it("listening: the agent's own listener with its process, and this test's", async () => {
      const records = await netstat('LISTENING');
      const apid = records.find((r) => r['localip'] === ADDRESS && r['localport'] === 50000);
      expect(apid).toMatchObject({
        l4proto: 'tcp',
        remoteip: '0.0.0.0',
        remoteport: 0,
        state: 'LISTEN',
        process: { pid: agent.pid, name: 'node' },
      });
      const port = (server.address() as { port: number }).port;
      expect(records.find((r) => r['localport'] === port)?.['process']).toEqual({
        pid: process.pid,
        // the name between the first parentheses of /proc/<pid>/stat, as go-netstat takes it
        name: readFileSync('/proc/self/comm', 'utf8').trim().split(')')[0],
      });
      expect(records.every((r) => r['remoteport'] === 0)).toBe(true);
    });

    it("connected: this test's connection to the agent, seen from both ends", async () => {
      const records = await netstat('CONNECTED');
      const port = socket.localPort!;
      const mine = records.find((r) => r['localport'] === port && r['remoteport'] === 50000);
      expect(mine).toMatchObject({
        l4proto: 'tcp',
        state: 'ESTABLISHED',
        localip: socket.localAddress,
        remoteip: ADDRESS,
      });
      expect((mine!['process'] as Fields)['pid']).toBe(process.pid);
      const theirs = records.find((r) => r['localport'] === 50000 && r['remoteport'] === port);
      expect((theirs!['process'] as Fields)['pid']).toBe(agent.pid);
      expect(records.some((r) => r['state'] === 'LISTEN')).toBe(false);
    });

    it('only the tables asked for; no process without the pid feature', async () => {
      const records = await netstat('ALL', false, { ...all, tcp: false, udp: false, udp6: false });
      expect(records.every((r) => r['l4proto'] === 'tcp6')).toBe(true);
      expect(records.every((r) => (r['process'] as Fields)['pid'] === 0)).toBe(true);
      const tcp = await netstat('ALL', false, { ...all, tcp6: false, udp: false, udp6: false });
      expect(tcp.some((r) => r['localport'] === 50000)).toBe(true);
      expect(tcp.every((r) => r['l4proto'] === 'tcp')).toBe(true);
    });

    it('refuses an unknown filter with InvalidArgument', async () => {
      const e = await netstat(7 as unknown as string).catch((x: unknown) => x);
      expect(grpcCode(e)).toBe(status.INVALID_ARGUMENT);
      expect((e as Error).message).toContain('invalid filter: 7');
    });
  });
});
