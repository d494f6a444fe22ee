// The real containerd under the agent: the system instance from the start and the CRI instance once a
// control-plane config is applied, both Running and healthy; their output in Logs; Containers and Stats
// answering from them — empty at first, then with a container run in the `system` namespace through
// ctr from a rootfs made of the host's /bin/sleep (no image needed).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContainerdPaths } from '../../services/containerd-config';
import { ContainerdClient } from '../../src/containerd/client';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { listServices, type ContainerInfo, type ServiceInfo } from '../harness/services';
import { requireFile, requireTool } from '../harness/tools';

const ADDRESS = '127.0.0.61';
const CONTAINERD = process.env['TALOS_TS_CONTAINERD_BIN'] ?? '/usr/bin/containerd';
const CTR_ID = 'talos-ts-sleep';

interface Stat {
  namespace: string;
  id: string;
  pod_id: string;
  name: string;
  memory_usage: string;
  cpu_usage: string;
}

/** A rootfs holding /bin/sleep and the shared libraries it needs. */
function sleepRootfs(dir: string): string {
  const root = join(dir, 'rootfs');
  for (const d of ['bin', 'proc', 'dev', 'sys']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync('/bin/sleep', join(root, 'bin/sleep'));
  const libs = execFileSync('ldd', ['/bin/sleep'], { encoding: 'utf8' }).match(/\/\S+/g) ?? [];
  for (const lib of libs) {
    mkdirSync(join(root, dirname(lib)), { recursive: true });
    copyFileSync(lib, join(root, lib));
  }
  return root;
}

describe(`containerd and cri services (${CONTAINERD})`, () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let socket: string;
  let ctrPath: string;

  const services = (): Promise<ServiceInfo[]> => listServices(admin);
  const containers = async (namespace: string): Promise<ContainerInfo[]> =>
    (
      await admin.unary<{ messages: { containers: ContainerInfo[] }[] }>(
        '/machine.MachineService/Containers',
        {
          namespace,
        },
      )
    ).messages[0]!.containers;
  const stats = async (namespace: string): Promise<Stat[]> =>
    (await admin.unary<{ messages: { stats: Stat[] }[] }>('/machine.MachineService/Stats', { namespace }))
      .messages[0]!.stats;
  const ctr = (...args: string[]): string =>
    execFileSync(ctrPath, ['--address', socket, '-n', 'system', ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });

  beforeAll(async () => {
    requireFile(CONTAINERD, 'containerd');
    ctrPath = requireTool('ctr');
    requireTool('runc');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    socket = systemContainerdPaths(stateDir).socket;
    const gen = generateConfig(genDir, 'ctd', ADDRESS);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS);
  });

  afterAll(async () => {
    if (ctrPath && socket) {
      for (const args of [
        ['task', 'kill', '-s', 'KILL', CTR_ID],
        ['task', 'rm', '-f', CTR_ID],
        ['container', 'rm', CTR_ID],
      ]) {
        try {
          ctr(...args);
        } catch {
          // already gone
        }
      }
    }
    admin?.close();
    await agent?.stop();
    if (stateDir) await removeDir(stateDir);
    if (genDir) await removeDir(genDir);
  });

  it('runs containerd and cri, both healthy', async () => {
    const list = await eventually(async () => {
      const l = await services();
      for (const id of ['containerd', 'cri']) {
        const s = l.find((x) => x.id === id);
        if (s?.state !== 'Running' || !s.health.healthy) throw new Error(JSON.stringify(l));
      }
      return l;
    }, 300);
    expect(list.map((s) => s.id)).toEqual([
      'apid',
      'containerd',
      'cri',
      'etcd',
      'kubelet',
      'machined',
      'trustd',
    ]);
    // The system instance really serves on its socket (and has no CRI plugin).
    const client = new ContainerdClient(socket, 'system');
    try {
      expect((await client.version()).version).not.toBe('');
    } finally {
      client.close();
    }
    const plugins = execFileSync(ctrPath, ['--address', socket, 'plugins', 'ls'], { encoding: 'utf8' });
    expect(plugins).not.toMatch(/io\.containerd\.grpc\.v1\s+cri/);
  });

  it("serves containerd's output through Logs", async () => {
    const text = await eventually(async () => {
      const chunks = await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Logs', {
        namespace: 'system',
        id: 'containerd',
        tail_lines: -1,
      });
      const t = Buffer.concat(chunks.map((c) => c.bytes)).toString();
      if (!t.includes('containerd successfully booted')) throw new Error(t);
      return t;
    });
    expect(text).toContain(socket);
    // and on disk, as Talos keeps /var/log/<service>.log
    expect(readFileSync(join(stateDir, 'var/log/containerd.log'), 'utf8')).toContain(
      'containerd successfully booted',
    );
  });

  it('answers Containers and Stats with empty lists when nothing runs', async () => {
    expect(await containers('system')).toEqual([]);
    expect(await stats('system')).toEqual([]);
    expect(await containers('k8s.io')).toEqual([]);
    await expect(
      admin.unary('/machine.MachineService/Containers', { namespace: 'system', driver: 'CRI' }),
    ).rejects.toMatchObject({
      code: status.UNKNOWN,
      details: 'CRI inspector is supported only for K8s namespace',
    });
    await expect(admin.unary('/machine.MachineService/Containers', { namespace: '' })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
      details: "namespace can't be empty",
    });
  });

  it('lists a container run in the system namespace, with its usage', async () => {
    const rootfs = sleepRootfs(genDir);
    ctr('run', '-d', '--rootfs', rootfs, CTR_ID, '/bin/sleep', '1000');
    const pid = Number(ctr('task', 'ls').match(new RegExp(`${CTR_ID}\\s+(\\d+)\\s+RUNNING`))?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(await containers('system')).toEqual([
      {
        namespace: 'system',
        id: CTR_ID,
        uid: '',
        internal_id: CTR_ID,
        image: '',
        pid,
        status: 'RUNNING',
        pod_id: CTR_ID,
        name: CTR_ID,
        network_namespace: '',
      },
    ]);
    const [stat, ...rest] = await stats('system');
    expect(rest).toEqual([]);
    expect(stat).toMatchObject({ namespace: 'system', id: CTR_ID, pod_id: CTR_ID, name: CTR_ID });
    expect(BigInt(stat!.memory_usage)).toBeGreaterThan(0n);
    expect(BigInt(stat!.cpu_usage)).toBeGreaterThan(0n);
    // The CRI instance is another containerd: it does not see it.
    expect(await containers('k8s.io')).toEqual([]);
  });
});
