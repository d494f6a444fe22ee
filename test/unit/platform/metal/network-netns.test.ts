// End-to-end: a veth pair between two network namespaces this test creates; the fixture DHCP server runs in
// one, bringUpNetwork (test/fixtures/dhcp/client.ts) in the other. Needs root and iproute2.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetnsPair,
  dhcpFixture,
  messages,
  requireNetns,
  runDhcpClient,
  TSX,
  type NetnsPair,
} from '../../../harness/dhcp-netns';

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

let net: NetnsPair;
let server: ChildProcess | undefined;
const serverLog: Record<string, unknown>[] = [];

async function startServer(): Promise<void> {
  const args = [TSX, dhcpFixture('server.ts'), JSON.stringify(serverConfig)];
  server = spawn('ip', ['netns', 'exec', net.server, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! });
  await new Promise<void>((ready, fail) => {
    server!.once('exit', (code) => fail(new Error(`DHCP server exited (${code})`)));
    lines.on('line', (l) =>
      l === 'ready' ? ready() : serverLog.push(JSON.parse(l) as Record<string, unknown>),
    );
  });
}

/** Changes the fixture server's config (merged into what it has). */
function setServer(change: Record<string, unknown>): void {
  server!.stdin!.write(`${JSON.stringify(change)}\n`);
}

const runClientLogged = (cmdline: string, keepMs = 0) => runDhcpClient(net.client, cmdline, keepMs);
const runClient = async (cmdline: string): Promise<unknown> => (await runClientLogged(cmdline)).result;
/** The server's log from entry `from` on. */
const requestsSince = (from: number): Record<string, unknown>[] => serverLog.slice(from);
const ipn = (ns: string, ...args: string[]): string => net.ip(ns, ...args);

function cleanup(): void {
  server?.kill('SIGTERM');
  net?.remove();
}

describe('bringUpNetwork in network namespaces', () => {
  beforeAll(async () => {
    requireNetns();
    net = createNetnsPair('10.77.0.1/24');
    try {
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
      link: net.clientLink,
      addresses: ['10.77.0.50/24'],
      gateway: '10.77.0.1',
      dns: ['10.77.0.53', '9.9.9.9'],
      hostname: 'lease-host',
      source: 'dhcp',
      dhcp: {
        mac: expect.stringMatching(/^[0-9a-f:]{17}$/) as unknown,
        lease: expect.objectContaining({
          address: '10.77.0.50',
          leaseSeconds: 600,
          serverId: '10.77.0.1',
        }) as unknown,
      },
    });
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).toMatch(
      /inet 10\.77\.0\.50\/24 brd 10\.77\.0\.255/,
    );
    expect(ipn(net.client, 'link', 'show', 'lo')).toMatch(/UP/);
    const routes = ipn(net.client, '-4', 'route', 'show');
    expect(routes).toContain(`default via 10.77.0.1 dev ${net.clientLink}`);
    expect(routes).not.toContain('255.255.255.255');
    const mac = ipn(net.client, 'link', 'show', 'dev', net.clientLink).match(/link\/ether (\S+)/)?.[1];
    expect(serverLog.map((m) => m.type)).toEqual([1, 1, 3]); // the first DISCOVER is ignored: retried
    expect(serverLog[2]).toMatchObject({
      broadcast: true,
      chaddr: mac,
      requested: '10.77.0.50',
      serverId: '10.77.0.1',
    });
    expect(serverLog[0]?.params).toEqual(expect.arrayContaining([1, 3, 6, 12, 51]));
  });

  it('renews the lease from T1 on, from the address it holds, and keeps the address', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    setServer({ lease: 4 });
    const from = serverLog.length;
    const run = await runClientLogged('ip=dhcp', 7000);
    const extends_ = requestsSince(from).filter((r) => r.type === 3 && r.ciaddr === '10.77.0.50');
    expect(extends_.length).toBeGreaterThanOrEqual(2);
    for (const r of extends_) {
      // From the address held, to the server itself: no requested address or server id (RFC 2131 4.3.2).
      expect(r.broadcast).toBe(false);
      expect(r.requested).toBeUndefined();
      expect(r.serverId).toBeUndefined();
    }
    // Every renewal was ACKed (the last one may still have been on its way when the client stopped).
    const renewed = messages(run).filter((m) => m === 'DHCP lease renewed').length;
    expect(renewed).toBeGreaterThanOrEqual(Math.max(2, extends_.length - 1));
    expect(messages(run)).not.toContain('DHCP lease lost; acquiring a new one');
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).toContain('inet 10.77.0.50/24');
  });

  it('rebinds by broadcast from T2 when the server does not answer the renewal', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    setServer({ lease: 4, ignoreExtends: 1 });
    const from = serverLog.length;
    const run = await runClientLogged('ip=dhcp', 5000);
    const extends_ = requestsSince(from).filter((r) => r.type === 3 && r.ciaddr === '10.77.0.50');
    expect(extends_.length).toBeGreaterThanOrEqual(2);
    // The first extension of the lease came from rebinding: the renewal went unanswered.
    expect(messages(run).find((m) => /^DHCP lease re(newed|bound)$/.test(m))).toBe('DHCP lease rebound');
  });

  it('takes the address off on a NAK and acquires a new lease', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    setServer({ lease: 4, ignoreExtends: 0, nakExtends: 1 });
    const from = serverLog.length;
    const run = await runClientLogged('ip=dhcp', 3500);
    const types = requestsSince(from).map((r) => (r.ciaddr === '10.77.0.50' ? 'extend' : r.type));
    // The first lease, its NAKed renewal, then DISCOVER and REQUEST again.
    expect(types.slice(0, 5)).toEqual([1, 3, 'extend', 1, 3]);
    const lost = run.log.find((l) => l.msg === 'DHCP lease lost; acquiring a new one');
    expect(lost).toMatchObject({ reason: 'NAK', address: '10.77.0.50' });
    expect(messages(run).slice(messages(run).indexOf(lost!.msg))).toContain('DHCP lease');
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).toContain('inet 10.77.0.50/24');
  });

  it('stops using the address when the lease runs out unextended', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    setServer({ lease: 3, nakExtends: 0 });
    const from = serverLog.length;
    const acquired = runClientLogged('ip=dhcp', 4500);
    // Once the first lease is granted, nobody answers anything any more.
    while (!requestsSince(from).some((r) => r.type === 3)) await new Promise((r) => setTimeout(r, 50));
    setServer({ ignoreExtends: 1000, ignore: 1000 });
    const run = await acquired;
    setServer({ ignoreExtends: 0, ignore: 0 });
    const lost = run.log.find((l) => l.msg === 'DHCP lease lost; acquiring a new one');
    expect(lost).toMatchObject({ reason: 'expired', address: '10.77.0.50' });
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).not.toContain('10.77.0.50');
  });

  it('applies a static ip= configuration', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    const result = await runClient(
      `ip=10.77.0.9::10.77.0.1:255.255.255.0:static-host:${net.clientLink}:off:1.1.1.1`,
    );
    expect(result).toEqual({
      link: net.clientLink,
      addresses: ['10.77.0.9/24'],
      gateway: '10.77.0.1',
      dns: ['1.1.1.1'],
      hostname: 'static-host',
      source: 'static',
    });
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).toContain('inet 10.77.0.9/24');
    expect(ipn(net.client, '-4', 'route', 'show', 'default')).toContain(
      `default via 10.77.0.1 dev ${net.clientLink}`,
    );
  });

  it('returns null without carrier, and for ip=off', async () => {
    ipn(net.client, 'addr', 'flush', 'dev', net.clientLink);
    ipn(net.server, 'link', 'set', 'dev', net.serverLink, 'down');
    expect(await runClient('ip=dhcp')).toBeNull();
    expect(await runClient('ip=off')).toBeNull();
    expect(ipn(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).not.toContain('inet ');
  });
});
