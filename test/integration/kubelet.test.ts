// The kubelet service run as a container of the system containerd. No kubelet image can be pulled here:
// the service waits for the KubeletSpec's image, then the test imports an image of that name holding the
// kubelet-health fixture (it serves the kubelet's health endpoint), and the kubelet runs Running and
// healthy, listed by Containers, its output in Logs; restarting it through ServiceRestart, killing its
// process and the Restart RPC all bring a new task up; stopping the agent leaves nothing in containerd.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContainerdPaths } from '../../services/containerd-config';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { eventually } from '../harness/eventually';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { buildKubeletHealth, importImage, kubeletHealthImage } from '../harness/oci-image';
import { listServices, type ContainerInfo, type ServiceInfo } from '../harness/services';
import { requireFile, requireTool, requireTools } from '../harness/tools';

const ADDRESS = '127.0.0.62';
const CONTAINERD = process.env['TALOS_TS_CONTAINERD_BIN'] ?? '/usr/bin/containerd';
const HEALTHZ = 'http://127.0.0.1:10248/healthz';

/** After a failed run: the shim of our socket and its kubelet killed, the rootfs unmounted. */
function reapLeftovers(stateDir: string, socket: string): void {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmd.includes(socket) || !cmd.includes('containerd-shim')) continue;
    try {
      execFileSync('pkill', ['-KILL', '-P', pid]);
    } catch {
      // no children
    }
    process.kill(Number(pid), 'SIGKILL');
  }
  const rootfs = join(stateDir, 'system/run/containerd/io.containerd.runtime.v2.task/system/kubelet/rootfs');
  if (readFileSync('/proc/self/mounts', 'utf8').includes(rootfs)) {
    try {
      execFileSync('umount', ['-l', rootfs]);
    } catch {
      // not mounted
    }
  }
}

describe('kubelet service in the system containerd', () => {
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let socket: string;
  let image: string;
  let binary: string;

  const services = (): Promise<ServiceInfo[]> => listServices(admin);
  const kubelet = async (): Promise<ServiceInfo> => {
    const s = (await services()).find((x) => x.id === 'kubelet');
    if (!s) throw new Error('no kubelet service');
    return s;
  };
  const containers = async (): Promise<ContainerInfo[]> =>
    (
      await admin.unary<{ messages: { containers: ContainerInfo[] }[] }>(
        '/machine.MachineService/Containers',
        {
          namespace: 'system',
        },
      )
    ).messages[0]!.containers;
  const healthz = async (): Promise<string> => (await fetch(HEALTHZ)).text();
  /** The kubelet Running and healthy, its container running with a pid other than `not`; that pid. */
  const healthyKubelet = (not = 0): Promise<number> =>
    eventually(async () => {
      const s = await kubelet();
      if (s.state !== 'Running' || !s.health.healthy) throw new Error(JSON.stringify(s));
      const c = (await containers()).find((x) => x.id === 'kubelet');
      if (c?.status !== 'RUNNING' || c.pid === not) throw new Error(JSON.stringify(c));
      expect(await healthz()).toBe('ok');
      return c.pid;
    }, 400);

  beforeAll(async () => {
    requireFile(CONTAINERD, 'containerd');
    requireTools('ctr', 'runc');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    binary = buildKubeletHealth(join(genDir, 'bin'), requireTool('go'));
    socket = systemContainerdPaths(stateDir).socket;
    const gen = generateConfig(genDir, 'kubelet', ADDRESS);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, gen.controlPlane, gen.adminTLS);
    const spec = await eventually(() =>
      admin.unary<{ resource: { spec: { yaml_spec: string } } }>('/cosi.resource.State/Get', {
        namespace: 'k8s',
        type: 'KubeletSpecs.kubernetes.talos.dev',
        id: 'kubelet',
      }),
    );
    image = (parse(spec.resource.spec.yaml_spec) as { image: string }).image;
  }, 300_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    if (stateDir) {
      reapLeftovers(stateDir, socket);
      await removeDir(stateDir);
    }
    if (genDir) await removeDir(genDir);
  });

  it('waits for the kubelet image to be present in containerd', async () => {
    expect(image).toMatch(/kubelet:v\d+\.\d+/);
    const s = await eventually(async () => {
      const k = await kubelet();
      const last = k.events.events.at(-1);
      if (
        k.state !== 'Waiting' ||
        // No mirror in this config: the node does not pull from the public registry, and says so.
        last?.msg !==
          `Waiting for kubelet image ${image} to be present in containerd: ` +
            'no registry mirror configured for ghcr.io (machine.registries or RegistryMirrorConfig)'
      )
        throw new Error(JSON.stringify(k));
      return k;
    }, 600);
    expect(s.health.healthy).toBe(false);
    // nothing answers the kubelet's health endpoint yet (the test would prove nothing otherwise)
    await expect(healthz()).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    expect(await containers()).toEqual([]);
  }, 120_000);

  it('runs the imported image as the kubelet container, Running and healthy', async () => {
    importImage(requireTool('ctr'), socket, 'system', kubeletHealthImage(image, binary).archive, genDir);
    const pid = await healthyKubelet();
    const list = await containers();
    expect(list).toEqual([
      expect.objectContaining({ namespace: 'system', id: 'kubelet', image, pid, status: 'RUNNING' }),
    ]);
    const k = await kubelet();
    expect(k.events.events.map((e) => e.msg)).toContain(
      `Started task kubelet (PID ${pid}) for container kubelet`,
    );
    // the files it reads were written by the pre step
    const cfg = parse(readFileSync(join(stateDir, 'etc/kubernetes/kubelet.yaml'), 'utf8')) as {
      kind: string;
    };
    expect(cfg.kind).toBe('KubeletConfiguration');
    const boot = parse(readFileSync(join(stateDir, 'etc/kubernetes/bootstrap-kubeconfig'), 'utf8')) as {
      clusters: { cluster: { server: string } }[];
      users: { user: { token: string } }[];
    };
    expect(boot.clusters[0]!.cluster.server).toBe(`https://${ADDRESS}:6443`);
    expect(boot.users[0]!.user.token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
  }, 120_000);

  it("serves the kubelet's output through Logs", async () => {
    const text = await eventually(async () => {
      const chunks = await admin.serverStream<{ bytes: Buffer }>('/machine.MachineService/Logs', {
        namespace: 'system',
        id: 'kubelet',
        tail_lines: -1,
      });
      const t = Buffer.concat(chunks.map((c) => c.bytes)).toString();
      if (!t.includes('kubelet-health: serving 127.0.0.1:10248/healthz')) throw new Error(t);
      return t;
    });
    // with Talos's arguments
    expect(text).toContain('--config=/etc/kubernetes/kubelet.yaml');
    expect(text).toContain('--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubeconfig');
    expect(readFileSync(join(stateDir, 'var/log/kubelet.log'), 'utf8')).toContain('kubelet-health: serving');
  });

  it('restarts through ServiceRestart with a new task', async () => {
    const before = await healthyKubelet();
    await admin.unary('/machine.MachineService/ServiceRestart', { id: 'kubelet' });
    const after = await healthyKubelet(before);
    expect(after).not.toBe(before);
    const msgs = (await kubelet()).events.events.map((e) => e.msg);
    expect(msgs).toContain(`Sending SIGTERM to task kubelet (PID ${before}, container kubelet)`);
  }, 120_000);

  it('is restarted by its supervisor when its process is killed', async () => {
    const before = await healthyKubelet();
    process.kill(before, 'SIGKILL');
    await eventually(async () => {
      const msgs = (await kubelet()).events.events.map((e) => e.msg);
      if (!msgs.some((m) => m.includes('task "kubelet" failed: exit code 137')))
        throw new Error(msgs.join('\n'));
    }, 200);
    expect(await healthyKubelet(before)).not.toBe(before);
  }, 120_000);

  it('restarts the container through the Restart RPC', async () => {
    const before = await healthyKubelet();
    const res = await admin.unary<{ messages: unknown[] }>('/machine.MachineService/Restart', {
      namespace: 'system',
      id: 'kubelet',
    });
    expect(res.messages).toHaveLength(1);
    expect(await healthyKubelet(before)).not.toBe(before);
    await expect(
      admin.unary('/machine.MachineService/Restart', { namespace: 'system', id: 'x' }),
    ).rejects.toMatchObject({ code: status.UNKNOWN, details: 'container "x" not found' });
    await expect(
      admin.unary('/machine.MachineService/Restart', { namespace: '', id: 'kubelet' }),
    ).rejects.toMatchObject({ code: status.INVALID_ARGUMENT, details: "namespace can't be empty" });
  }, 120_000);

  it('leaves no container, task or snapshot behind when the agent stops', async () => {
    await healthyKubelet();
    await agent.stop();
    await expect(healthz()).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    // containerd's own records, read by starting it again on the same directories
    const config = join(stateDir, 'etc/containerd/config.toml');
    const ctd = spawn(CONTAINERD, ['--config', config], { stdio: 'ignore' });
    try {
      const ctr = (...args: string[]): string =>
        execFileSync(requireTool('ctr'), ['--address', socket, '-n', 'system', ...args], {
          encoding: 'utf8',
          timeout: 10_000,
        });
      const containersLeft = await eventually(async () => ctr('containers', 'ls', '-q'), 100);
      expect(containersLeft.trim()).toBe('');
      expect(ctr('tasks', 'ls', '-q').trim()).toBe('');
      expect(ctr('snapshots', 'ls')).not.toMatch(/^kubelet\s/m);
      // the image stays
      expect(ctr('images', 'ls', '-q')).toContain(image);
    } finally {
      ctd.kill('SIGTERM');
      await new Promise((r) => ctd.once('exit', r));
    }
  }, 120_000);
});
