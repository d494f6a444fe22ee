// The image booted with talos.config= pointing at a config this test serves: the node downloads it
// (after a failed attempt, which it retries), comes up configured without any apply, and answers
// mTLS with the generated talosconfig.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../harness/client';
import { generateConfig, type GeneratedConfig } from '../harness/configured';
import { freeLoopback, Guest, GUEST_ADDRESS, HOST_FROM_GUEST, within } from './harness';

const HOSTNAME = 'qemu-cp1';

interface YamlSpec {
  resource: { spec: { yaml_spec: string } };
}

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
    const config = forwardedConfig(generated.controlPlane, address);
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
    const admin = await within(240_000, async () => {
      const c = new TestClient(guest.address, generated.adminTLS);
      try {
        await c.unary('/machine.MachineService/Version', {});
        return c;
      } catch (e: unknown) {
        c.close();
        throw e;
      }
    });
    const uptime = guest.guestUptimeAt(guest.elapsedMs());
    console.log(JSON.stringify({ qemu: 'configured.apid_mtls_answered', guest_uptime_s: uptime }));
    try {
      const status = await within(60_000, async () => {
        const ms = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
          namespace: 'runtime',
          type: 'MachineStatuses.runtime.talos.dev',
          id: 'machine',
        });
        const spec = parse(ms.resource.spec.yaml_spec) as { stage: string };
        if (spec.stage !== 'running') throw new Error(`stage ${spec.stage}`);
        return spec;
      });
      expect(status.stage).toBe('running');
      const hostname = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
        namespace: 'network',
        type: 'HostnameStatuses.net.talos.dev',
        id: 'hostname',
      });
      expect(parse(hostname.resource.spec.yaml_spec)).toMatchObject({ hostname: HOSTNAME });
      const mc = await admin.unary<YamlSpec>('/cosi.resource.State/Get', {
        namespace: 'config',
        type: 'MachineConfigs.config.talos.dev',
        id: 'v1alpha1',
      });
      expect(mc.resource.spec.yaml_spec).toContain('clusterName: qemu');
    } finally {
      admin.close();
    }
    // It never offered the maintenance service.
    expect(guest.console()).not.toMatch(/entering maintenance service|this machine is reachable at/);
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

/**
 * The generated control-plane config with a fixed hostname, and the forwarded loopback address in
 * machine.certSANs (the test reaches apid through it, so the server certificate must name it).
 */
function forwardedConfig(controlPlane: Buffer, forwarded: string): string {
  const docs = parseAllDocuments(controlPlane.toString());
  for (const doc of docs) {
    if (doc.get('kind') === 'HostnameConfig') {
      doc.delete('auto');
      doc.set('hostname', HOSTNAME);
    }
    if (doc.get('version') === 'v1alpha1') doc.setIn(['machine', 'certSANs'], [forwarded]);
  }
  return docs.map((d) => d.toString()).join('---\n');
}
