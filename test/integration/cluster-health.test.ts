// ClusterService.HealthCheck (`talosctl health`, server side) on a bootstrapped control-plane agent,
// judged by the official client library (test/interop's machinery-client): the Talos checks that need
// no Kubernetes pass one after the other, each line as talosctl prints it; a named node that does not
// answer fails the apid check with that node named, and the call fails when the wait runs out.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { buildMachineryClient, machinery, MachineryError } from '../harness/machinery-client';
import { requireTool } from '../harness/tools';

const NODE = '127.0.0.2';
/** An address nothing listens on. */
const MISSING = '127.0.0.9';

interface ServiceInfo {
  id: string;
  state: string;
  health: { healthy: boolean };
}

describe('the server-side cluster health check', () => {
  let agent: Agent;
  let client: TestClient;
  let talosconfig: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    requireTool('etcd');
    buildMachineryClient();
    const gen = await makeStateDir();
    dirs.push(gen);
    const g = generateConfig(gen, 'health', NODE);
    talosconfig = join(gen, 'talosconfig');
    const stateDir = await makeStateDir();
    dirs.push(stateDir);
    agent = startAgent(NODE, stateDir);
    await agent.waitReady();
    client = await applyAndConnect(NODE, g.controlPlane, g.adminTLS);
    await client.unary('/machine.MachineService/Bootstrap', {});
    await eventually(async () => {
      const services = (
        await client.unary<{ messages: { services: ServiceInfo[] }[] }>(
          '/machine.MachineService/ServiceList',
          {},
        )
      ).messages[0]!.services;
      const etcd = services.find((s) => s.id === 'etcd');
      if (etcd?.state !== 'Running' || !etcd.health.healthy) throw new Error(`etcd ${etcd?.state}`);
    }, 1200);
  }, 180_000);

  afterAll(async () => {
    client?.close();
    await agent?.stop();
    for (const d of dirs) await removeDir(d);
  });

  it('passes every check that needs no Kubernetes, in Talos order, and says which it did not run', async () => {
    const out = await machinery({ endpoint: NODE, talosconfig }, ['health', '60s', NODE], 90_000);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe(`discovered nodes: ["${NODE}"]`);
    const finals = lines.filter((l) => / (OK|SKIP)$/.test(l));
    expect(finals).toEqual([
      'waiting for etcd to be healthy: OK',
      'waiting for etcd members to be consistent across nodes: OK',
      'waiting for etcd members to be control plane nodes: OK',
      'waiting for apid to be ready: OK',
      // a container node is not measured (Talos skips containers)
      'waiting for all nodes memory sizes: OK',
      'waiting for all nodes disk sizes: OK',
      'waiting for no diagnostics: OK',
      'waiting for all nodes to finish boot sequence: OK',
    ]);
    expect(lines.at(-1)).toMatch(/^not checked: this node does not run Kubernetes \(kubelet to be healthy, /);
  }, 120_000);

  it('fails the apid check naming a node that does not answer, and the call when the wait runs out', async () => {
    const e = await machinery({ endpoint: NODE, talosconfig }, ['health', '8s', NODE, MISSING], 60_000).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(MachineryError);
    const err = e as MachineryError;
    expect(err.code).toBe('Unknown');
    expect(err.message).toContain('context deadline exceeded');
    const out = err.stdout;
    expect(out.split('\n')[0]).toBe(`discovered nodes: ["${NODE}" "${MISSING}"]`);
    expect(out).toContain('waiting for etcd to be healthy: OK\n');
    // the last line (a multi-line error, as go-multierror writes it) names the node that failed, only it
    const last = out.slice(out.lastIndexOf('waiting for ')).trim();
    expect(last).toMatch(
      new RegExp(
        `^waiting for apid to be ready: 1 error occurred:\\n\\t\\* ${MISSING.replace(/\./g, '\\.')}: rpc error: code = Unavailable desc = .+$`,
      ),
    );
    expect(last).not.toContain(`* ${NODE}:`);
  }, 90_000);

  it('refuses a node list that is not addresses with InvalidArgument', async () => {
    const e = await machinery({ endpoint: NODE, talosconfig }, ['health', '5s', 'not-an-ip']).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(MachineryError);
    expect((e as MachineryError).code).toBe('InvalidArgument');
  });
});
