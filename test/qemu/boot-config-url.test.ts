// The image booted with talos.config= pointing at a config this test serves: the node downloads it
// (after a failed attempt, which it retries), comes up configured without any apply, and answers
// mTLS with the generated talosconfig. Then its agent is killed (SIGKILL, through the init's test-only
// fault port): the init starts it again and the node comes back configured from STATE, etcd healthy,
// without a reboot and without fetching the config again.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../harness/client';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS, HOST_FROM_GUEST, within } from './harness';
import { expectConfiguredWithoutApply, forwardedConfig } from './node-checks';

const HOSTNAME = 'qemu-cp1';

describe('metal image, talos.config=', () => {
  let dir: string;
  let server: Server;
  let generated: GeneratedConfig;
  let guest: Guest;
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'talos-ts-qemu-'));
    generated = generateConfig(dir, 'qemu', GUEST_ADDRESS);
    const address = await freeLoopback();
    const config = forwardedConfig(generated.controlPlane, address, HOSTNAME);
    // The first request fails: the node must retry, not give up.
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      if (requests.length === 1) res.writeHead(503).end('not yet');
      else if (req.url === '/config.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(config);
      else res.writeHead(404).end();
    });
    // QEMU's user network shows the host's loopback to the guest as 10.0.2.2.
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    guest = await Guest.boot({
      address,
      append: `talos.config=http://${HOST_FROM_GUEST}:${port}/config.yaml`,
      faultPort: true,
    });
  });

  afterAll(async () => {
    await guest?.stop();
    await new Promise((resolve) => server?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('downloads the config, retrying a failed attempt', async () => {
    await guest.waitFor(/machine config downloaded/, 240_000);
    expect(requests).toEqual(['GET /config.yaml', 'GET /config.yaml']);
    expect(guest.console()).toMatch(/503/);
  });

  it('comes up configured without an apply and answers mTLS', async () => {
    await expectConfiguredWithoutApply(guest, generated.adminTLS, { hostname: HOSTNAME, cluster: 'qemu' });
    const uptime = guest.guestUptimeAt(guest.elapsedMs());
    console.log(JSON.stringify({ qemu: 'configured.apid_mtls_checked', guest_uptime_s: uptime }));
  });

  it('bootstraps etcd from the image, which becomes healthy with this node as its only member', async () => {
    const admin = new TestClient(guest.address, generated.adminTLS);
    try {
      await admin.unary('/machine.MachineService/Bootstrap', {});
      const etcd = await healthyEtcd(admin);
      expect(etcd.state).toBe('Running');
      console.log(
        JSON.stringify({
          qemu: 'configured.etcd_healthy',
          guest_uptime_s: guest.guestUptimeAt(guest.elapsedMs()),
        }),
      );
      const members = await admin.unary<{ messages: { members: { hostname: string }[] }[] }>(
        '/machine.MachineService/EtcdMemberList',
        {},
      );
      expect(members.messages[0]?.members.map((m) => m.hostname)).toEqual([HOSTNAME]);
    } finally {
      admin.close();
    }
  });

  it('comes back configured, etcd healthy, after its agent is killed: the init starts it again', async () => {
    const fetched = requests.length;
    const from = guest.lines.length;
    const pid = await guest.killAgent();
    expect(pid).toBeGreaterThan(1);
    await guest.waitFor(/init: the agent was killed by signal 9/, 60_000);
    await guest.waitFor(/init: starting the agent again \(restart 1\)/, 60_000);
    await expectConfiguredWithoutApply(guest, generated.adminTLS, { hostname: HOSTNAME, cluster: 'qemu' });
    const admin = new TestClient(guest.address, generated.adminTLS);
    try {
      expect((await healthyEtcd(admin)).state).toBe('Running');
      const members = await admin.unary<{ messages: { members: { hostname: string }[] }[] }>(
        '/machine.MachineService/EtcdMemberList',
        {},
      );
      expect(members.messages[0]?.members.map((m) => m.hostname)).toEqual([HOSTNAME]);
    } finally {
      admin.close();
    }
    const after = guest.lines
      .slice(from)
      .map((l) => l.text)
      .join('\n');
    expect(after).toContain('machine config found in STATE: talos.config= is not fetched');
    expect(after).not.toMatch(/rebooting|powering off|entering maintenance/);
    expect(requests.length).toBe(fetched);
    console.log(
      JSON.stringify({
        qemu: 'agent_killed.etcd_healthy_again',
        guest_uptime_s: guest.guestUptimeAt(guest.elapsedMs()),
      }),
    );
  });
});

/** etcd Running and healthy in ServiceList (polled for up to 5 minutes). */
function healthyEtcd(admin: TestClient): Promise<ServiceInfo> {
  return within(300_000, async () => {
    const list = await admin.unary<{ messages: { services: ServiceInfo[] }[] }>(
      '/machine.MachineService/ServiceList',
      {},
    );
    const s = list.messages[0]?.services.find((x) => x.id === 'etcd');
    if (s?.state !== 'Running' || !s.health.healthy) throw new Error(`etcd: ${JSON.stringify(s)}`);
    return s;
  });
}

interface ServiceInfo {
  id: string;
  state: string;
  health: { healthy: boolean };
}
