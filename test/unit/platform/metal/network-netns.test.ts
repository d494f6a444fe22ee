// End-to-end: a veth pair between two network namespaces this test creates; the fixture DHCP server runs in
// one, bringUpNetwork (test/fixtures/dhcp/client.ts) in the other. Needs root and iproute2.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../../..');
const tsx = resolve(root, 'node_modules/.bin/tsx');
const fixture = (f: string): string => resolve(root, 'test/fixtures/dhcp', f);

function usable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const id = randomBytes(3).toString('hex');
const nsS = `tts-dhcps-${id}`;
const nsC = `tts-dhcpc-${id}`;
const vS = `tvs${id}`;
const vC = `tvc${id}`;
const ipn = (ns: string, ...args: string[]): string =>
  execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });

const serverConfig = {
  server: '10.77.0.1',
  address: '10.77.0.50',
  mask: '255.255.255.0',
  router: '10.77.0.1',
  dns: ['10.77.0.53', '9.9.9.9'],
  hostname: 'lease-host',
  lease: 600,
  ignore: 1,
};

let server: ChildProcess | undefined;
const serverLog: Record<string, unknown>[] = [];

async function startServer(): Promise<void> {
  server = spawn('ip', ['netns', 'exec', nsS, tsx, fixture('server.ts'), JSON.stringify(serverConfig)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: server.stdout! });
  await new Promise<void>((ready, fail) => {
    server!.once('exit', (code) => fail(new Error(`DHCP server exited (${code})`)));
    lines.on('line', (l) =>
      l === 'ready' ? ready() : serverLog.push(JSON.parse(l) as Record<string, unknown>),
    );
  });
}

function runClient(cmdline: string): Promise<unknown> {
  return new Promise((done, fail) => {
    const c = spawn('ip', ['netns', 'exec', nsC, tsx, fixture('client.ts'), cmdline], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    c.stdout.on('data', (d: Buffer) => (out += d.toString()));
    c.stderr.on('data', (d: Buffer) => (err += d.toString()));
    c.on('exit', (code) =>
      code === 0
        ? done(JSON.parse(out.trim().split('\n').at(-1) ?? 'null'))
        : fail(new Error(`client ${code}: ${err}`)),
    );
  });
}

function cleanup(): void {
  server?.kill('SIGTERM');
  for (const ns of [nsS, nsC]) {
    try {
      execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    } catch {
      /* not created */
    }
  }
}

describe.skipIf(!usable())('bringUpNetwork in network namespaces', () => {
  beforeAll(async () => {
    try {
      execFileSync('ip', ['netns', 'add', nsS]);
      execFileSync('ip', ['netns', 'add', nsC]);
      execFileSync('ip', ['link', 'add', vC, 'netns', nsC, 'type', 'veth', 'peer', 'name', vS, 'netns', nsS]);
      ipn(nsS, 'addr', 'add', '10.77.0.1/24', 'dev', vS);
      ipn(nsS, 'link', 'set', 'dev', vS, 'up');
      ipn(nsS, 'route', 'add', '255.255.255.255/32', 'dev', vS);
      await startServer();
    } catch (e: unknown) {
      cleanup();
      throw e;
    }
  });
  afterAll(cleanup);

  it('gets a DHCP lease and configures the link', async () => {
    const result = await runClient('console=ttyS0 talos.platform=metal');
    expect(result).toEqual({
      link: vC,
      addresses: ['10.77.0.50/24'],
      gateway: '10.77.0.1',
      dns: ['10.77.0.53', '9.9.9.9'],
      hostname: 'lease-host',
      source: 'dhcp',
    });
    expect(ipn(nsC, '-4', 'addr', 'show', 'dev', vC)).toMatch(/inet 10\.77\.0\.50\/24 brd 10\.77\.0\.255/);
    expect(ipn(nsC, 'link', 'show', 'lo')).toMatch(/UP/);
    const routes = ipn(nsC, '-4', 'route', 'show');
    expect(routes).toContain(`default via 10.77.0.1 dev ${vC}`);
    expect(routes).not.toContain('255.255.255.255');
    const mac = ipn(nsC, 'link', 'show', 'dev', vC).match(/link\/ether (\S+)/)?.[1];
    expect(serverLog.map((m) => m.type)).toEqual([1, 1, 3]); // the first DISCOVER is ignored: retried
    expect(serverLog[2]).toMatchObject({
      broadcast: true,
      chaddr: mac,
      requested: '10.77.0.50',
      serverId: '10.77.0.1',
    });
    expect(serverLog[0]?.params).toEqual(expect.arrayContaining([1, 3, 6, 12, 51]));
  });

  it('applies a static ip= configuration', async () => {
    ipn(nsC, 'addr', 'flush', 'dev', vC);
    const result = await runClient(`ip=10.77.0.9::10.77.0.1:255.255.255.0:static-host:${vC}:off:1.1.1.1`);
    expect(result).toEqual({
      link: vC,
      addresses: ['10.77.0.9/24'],
      gateway: '10.77.0.1',
      dns: ['1.1.1.1'],
      hostname: 'static-host',
      source: 'static',
    });
    expect(ipn(nsC, '-4', 'addr', 'show', 'dev', vC)).toContain('inet 10.77.0.9/24');
    expect(ipn(nsC, '-4', 'route', 'show', 'default')).toContain(`default via 10.77.0.1 dev ${vC}`);
  });

  it('returns null without carrier, and for ip=off', async () => {
    ipn(nsC, 'addr', 'flush', 'dev', vC);
    ipn(nsS, 'link', 'set', 'dev', vS, 'down');
    expect(await runClient('ip=dhcp')).toBeNull();
    expect(await runClient('ip=off')).toBeNull();
    expect(ipn(nsC, '-4', 'addr', 'show', 'dev', vC)).not.toContain('inet ');
  });
});
