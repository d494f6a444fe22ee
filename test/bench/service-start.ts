// What the supervisor adds to starting a service: etcd (a fresh single-member data directory, plain
// HTTP on loopback) started by the supervisor until its health check passes, against the same etcd
// spawned directly and polled for /health at the same interval. Both poll every POLL_MS.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MemoryState } from '../../src/state';
import { LogSources } from '../../src/system/logs';
import { ProcessRunner, Supervisor, type Service } from '../../src/system';

const POLL_MS = 10;

function etcdArgs(dir: string, host: string): string[] {
  return [
    '/usr/bin/etcd',
    '--name=bench',
    `--data-dir=${join(dir, 'data')}`,
    `--listen-client-urls=http://${host}:2379`,
    `--advertise-client-urls=http://${host}:2379`,
    `--listen-peer-urls=http://${host}:2380`,
    `--initial-advertise-peer-urls=http://${host}:2380`,
    `--initial-cluster=bench=http://${host}:2380`,
  ];
}

async function etcdHealthy(host: string, signal?: AbortSignal): Promise<void> {
  const res = await fetch(`http://${host}:2379/health`, { signal: signal ?? AbortSignal.timeout(500) });
  const body = (await res.json()) as { health?: string };
  if (body.health !== 'true') throw new Error('etcd is not healthy yet');
}

/** Milliseconds from the start request to the first passing health check, under the supervisor. */
export async function supervisedStart(host: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-etcd-'));
  const logs = new LogSources();
  const supervisor = new Supervisor({
    state: new MemoryState(),
    logs,
    rootDir: dir,
    logger: pino({ level: 'silent' }),
  });
  const service: Service = {
    id: 'etcd',
    dependsOn: () => [],
    runner: () => Promise.resolve(new ProcessRunner({ id: 'etcd', args: etcdArgs(dir, host), logs })),
    health: {
      settings: { initialDelayMs: 0, periodMs: POLL_MS, timeoutMs: 500 },
      check: (_ctx, signal) => etcdHealthy(host, signal),
    },
  };
  supervisor.load(service);
  const t0 = performance.now();
  const healthy = new Promise<number>((resolve) => {
    const off = supervisor.subscribe(({ event }) => {
      if (event.health?.healthy) {
        off();
        resolve(performance.now() - t0);
      }
    });
  });
  await supervisor.startAll();
  const ms = await healthy;
  await supervisor.stopAll();
  await rm(dir, { recursive: true, force: true });
  return ms;
}

/** The same etcd spawned directly, polled for /health every POLL_MS. */
export async function directStart(host: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-etcd-'));
  const [bin, ...args] = etcdArgs(dir, host);
  const t0 = performance.now();
  const child = spawn(bin!, args, { stdio: 'ignore' });
  for (;;) {
    try {
      await etcdHealthy(host);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  const ms = performance.now() - t0;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  await rm(dir, { recursive: true, force: true });
  return ms;
}
