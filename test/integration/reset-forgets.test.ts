// What a reset or a reboot clears on the container platform, where the process stands in for the
// reboot: a bootstrapped control plane reset without grace, then configured again, does not start a
// new etcd cluster by itself (the bootstrap request is gone with the boot); its etcd waits to join
// until `talosctl bootstrap`. The in-process apid and trustd have their own logs, served by Logs.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import { TestClient, type ClientTLS } from '../harness/client';
import { eventually } from '../harness/eventually';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { requireTool } from '../harness/tools';

const ADDRESS = '127.0.0.63';

interface ServiceInfo {
  id: string;
  state: string;
  health: { healthy: boolean };
}

describe('a reset forgets what a reboot forgets', () => {
  let agent: Agent;
  let stateDir: string;
  let genDir: string;
  let config: Buffer;
  let tls: ClientTLS;
  let admin: TestClient;

  const etcd = async (c: TestClient): Promise<ServiceInfo | undefined> =>
    (
      await c.unary<{ messages: { services: ServiceInfo[] }[] }>('/machine.MachineService/ServiceList', {})
    ).messages[0]!.services.find((s) => s.id === 'etcd');
  const logs = async (c: TestClient, id: string): Promise<string> =>
    (
      await c.serverStream<{ bytes: Buffer }>('/machine.MachineService/Logs', {
        namespace: 'system',
        id,
        tail_lines: -1,
      })
    )
      .map((d) => d.bytes.toString())
      .join('');

  beforeAll(async () => {
    requireTool('etcd');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    const g = generateConfig(genDir, 'forgets', ADDRESS);
    config = g.controlPlane;
    tls = g.adminTLS;
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, config, tls);
  }, 60_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await removeDir(stateDir);
    await removeDir(genDir);
  });

  it('serves the logs of apid and trustd', async () => {
    const apid = await eventually(async () => {
      const text = await logs(admin, 'apid');
      if (!text) throw new Error('no apid lines yet');
      return text;
    });
    expect(apid).toMatch(/\[talos\] /);
    // every call through apid is a line of its log, as on Talos (the token never shown)
    await admin.unary('/machine.MachineService/Version', {});
    const calls = await eventually(async () => {
      const text = await logs(admin, 'apid');
      if (!text.includes('[/machine.MachineService/Version]')) throw new Error(`apid: ${text}`);
      return text;
    });
    expect(calls).toMatch(/OK \[\/machine\.MachineService\/Version\] \S+ unary Success \(/);
    const trustd = await eventually(async () => {
      const text = await logs(admin, 'trustd');
      if (!text.includes('trustd listening on')) throw new Error(`trustd: ${text}`);
      return text;
    });
    expect(trustd).toContain(`trustd listening on ${ADDRESS}:50001`);
    // machined's own log does not carry them
    expect(await logs(admin, 'machined')).not.toContain('trustd listening on');
  }, 30_000);

  it('after bootstrap, a reset and a new apply, etcd waits for bootstrap again', async () => {
    await admin.unary('/machine.MachineService/Bootstrap', {});
    await eventually(async () => {
      const s = await etcd(admin);
      if (s?.state !== 'Running' || !s.health.healthy) throw new Error(`etcd: ${JSON.stringify(s)}`);
    }, 1200);

    await admin.unary('/machine.MachineService/Reset', { graceful: false, reboot: false });
    admin.close();
    // back in maintenance: the config and etcd's data are gone
    await eventually(async () => {
      const c = new TestClient(ADDRESS);
      try {
        await c.unary('/machine.MachineService/Version', {});
      } finally {
        c.close();
      }
    }, 300);
    expect(existsSync(join(stateDir, 'config.yaml'))).toBe(false);

    admin = await applyAndConnect(ADDRESS, config, tls);
    const machined = await eventually(async () => {
      const text = await logs(admin, 'machined');
      const after = text.slice(text.lastIndexOf('reset sequence: done'));
      if (!after.includes('etcd is waiting to join the cluster')) throw new Error('etcd does not wait yet');
      return after;
    }, 600);
    expect(machined).toContain('please run `talosctl bootstrap`');
    const s = await etcd(admin);
    expect(s?.state).not.toBe('Running');
    const data = join(stateDir, 'var/lib/etcd');
    expect(existsSync(data) ? readdirSync(data) : []).toEqual([]);
  }, 240_000);
});
