// The image booted with talos.config= pointing at a config this test serves: the node downloads it
// (after a failed attempt, which it retries), comes up configured without any apply, and answers
// mTLS with the generated talosconfig.
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
      const etcd = await within(300_000, async () => {
        const list = await admin.unary<{ messages: { services: ServiceInfo[] }[] }>(
          '/machine.MachineService/ServiceList',
          {},
        );
        const s = list.messages[0]?.services.find((x) => x.id === 'etcd');
        if (s?.state !== 'Running' || !s.health.healthy) throw new Error(`etcd: ${JSON.stringify(s)}`);
        return s;
      });
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
});

interface ServiceInfo {
  id: string;
  state: string;
  health: { healthy: boolean };
}
