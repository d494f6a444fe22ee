// Debian's chronyd as an NTP server for tests: on a loopback address and a free port of the test's
// choosing, never touching the host's clock (`-x`), with its files in a temporary directory. With a
// stratum it serves its (the host's) clock as a synchronized source; without, it answers as a server
// that is not synchronized (leap indicator 3), as a freshly started chronyd does.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { querySNTP } from '../../src/ntp/sntp-client';
import { requireTool } from './tools';

export interface RunningChrony {
  /** `address:port`, as a time server entry. */
  readonly server: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** A UDP port nothing listens on at `address` right now. */
export async function freeUdpPort(address: string): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, address, resolve);
  });
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export async function startChrony(address: string, opts: { stratum?: number } = {}): Promise<RunningChrony> {
  const chronyd = requireTool('chronyd');
  const dir = await mkdtemp(join(tmpdir(), 'talos-ts-chrony-'));
  const port = await freeUdpPort(address);
  const conf = [
    `port ${port}`,
    `bindaddress ${address}`,
    'allow 127.0.0.0/8',
    'cmdport 0',
    `pidfile ${join(dir, 'chronyd.pid')}`,
    ...(opts.stratum !== undefined ? [`local stratum ${opts.stratum}`] : []),
  ].join('\n');
  await writeFile(join(dir, 'chrony.conf'), `${conf}\n`);
  let out = '';
  const child = spawn(chronyd, ['-x', '-d', '-u', 'root', '-f', join(dir, 'chrony.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const server = `${address}:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };
  // Ready once it answers at all (an unsynchronized server answers too, with leap 3).
  for (let i = 0; ; i++) {
    try {
      await querySNTP(server, { timeoutMs: 200 });
      break;
    } catch (e: unknown) {
      if (i >= 50 || child.exitCode !== null) {
        await stop();
        throw new Error(`chronyd on ${server} did not answer: ${String(e)}\n${out}`, { cause: e });
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { server, output: () => out, stop };
}

/** A UDP socket on `address` that reads queries and never answers (a server gone silent). */
export async function startSilentServer(address: string): Promise<{ server: string; stop(): Promise<void> }> {
  const s = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.bind(0, address, resolve);
  });
  s.on('message', () => undefined);
  return {
    server: `${address}:${s.address().port}`,
    stop: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}
