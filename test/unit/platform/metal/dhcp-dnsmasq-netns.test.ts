// Our DHCP client against an independent server: dnsmasq, in a network namespace this test creates and
// removes. The lease is acquired, then renewed at T1; dnsmasq's shortest lease is two minutes, so T1 and
// T2 are given as options (58, 59) to bring the renewal within seconds. Needs root, iproute2 and dnsmasq
// (Debian's dnsmasq-base; .ci/run installs it).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNetnsPair,
  messages,
  requireNetns,
  runDhcpClient,
  type NetnsPair,
} from '../../../harness/dhcp-netns';

let net: NetnsPair;
let dnsmasq: ChildProcess | undefined;
const dnsmasqLog: string[] = [];
const work = mkdtempSync(join(tmpdir(), 'dnsmasq-'));

async function startDnsmasq(): Promise<void> {
  const args = [
    '--no-daemon', '--conf-file=/dev/null', '--port=0', '--log-dhcp', '--log-facility=-',
    `--interface=${net.serverLink}`, '--bind-interfaces',
    '--dhcp-range=10.78.0.50,10.78.0.59,255.255.255.0,2m',
    '--dhcp-option=option:router,10.78.0.1', '--dhcp-option=option:dns-server,10.78.0.53',
    '--dhcp-option=option:T1,3', '--dhcp-option=option:T2,5',
    `--dhcp-leasefile=${join(work, 'leases')}`, `--pid-file=${join(work, 'pid')}`,
  ]; // prettier-ignore
  dnsmasq = spawn('ip', ['netns', 'exec', net.server, 'dnsmasq', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const lines = createInterface({ input: dnsmasq.stderr! });
  await new Promise<void>((ready, fail) => {
    dnsmasq!.once('exit', (code) => fail(new Error(`dnsmasq exited (${code}):\n${dnsmasqLog.join('\n')}`)));
    lines.on('line', (l) => {
      dnsmasqLog.push(l);
      if (/DHCP, IP range/.test(l)) ready();
    });
  });
}

function cleanup(): void {
  dnsmasq?.kill('SIGTERM');
  net?.remove();
  rmSync(work, { recursive: true, force: true });
}

describe('DHCP with dnsmasq as the server', () => {
  beforeAll(async () => {
    requireNetns('dnsmasq');
    net = createNetnsPair('10.78.0.1/24');
    try {
      await startDnsmasq();
    } catch (e: unknown) {
      cleanup();
      throw e;
    }
  });
  afterAll(cleanup);

  it('gets a lease, configures the link, and renews the lease at T1', async () => {
    const run = await runDhcpClient(net.client, 'ip=dhcp', 5000);
    expect(run.result).toMatchObject({
      link: net.clientLink,
      gateway: '10.78.0.1',
      dns: ['10.78.0.53'],
      source: 'dhcp',
      dhcp: { lease: { leaseSeconds: 120, renewalSeconds: 3, rebindingSeconds: 5, serverId: '10.78.0.1' } },
    });
    const address = (run.result as { dhcp: { lease: { address: string } } }).dhcp.lease.address;
    expect(address).toMatch(/^10\.78\.0\.5\d$/);
    const renewed = run.log.find((l) => l.msg === 'DHCP lease renewed');
    expect(renewed).toMatchObject({ address, lease: 120, server: '10.78.0.1' });
    expect(messages(run)).not.toContain('DHCP lease lost; acquiring a new one');
    // dnsmasq acknowledged the first request and the renewal.
    expect(
      dnsmasqLog.filter((l) => l.includes(`DHCPACK(${net.serverLink}) ${address}`)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(net.ip(net.client, '-4', 'addr', 'show', 'dev', net.clientLink)).toContain(`inet ${address}/24`);
  });
});
