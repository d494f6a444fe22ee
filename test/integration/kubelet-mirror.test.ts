// The kubelet image pulled through the registry mirrors into the system containerd, from Debian's
// docker-registry on loopback (Talos's air-gapped set-up in small): with the mirror down, the kubelet
// service waits with the connection error in its message; with the mirror up but the image missing,
// with the registry's "not found"; once the image is pushed, it is pulled and the kubelet runs healthy.
// The test's kubelet image holds the kubelet-health fixture; the real one is `make k8s-images`'s.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../images/k8s/registry.mjs';
import { makeStateDir, removeDir, startAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig, withMirror } from '../harness/configured';
import { pushArchive, startDockerRegistry } from '../harness/docker-registry';
import { eventually } from '../harness/eventually';
import { buildKubeletHealth, kubeletHealthImage } from '../harness/oci-image';
import { listServices, type ServiceInfo } from '../harness/services';
import { requireTools } from '../harness/tools';

const ADDRESS = '127.0.0.64';
const REGISTRY = '127.0.0.65:5065';
const DEAD_MIRROR = 'http://127.0.0.66:5066';
const HEALTHZ = 'http://127.0.0.1:10248/healthz';

describe('kubelet image through the registry mirror', () => {
  let stateDir: string;
  let genDir: string;
  let registryDir: string;
  let registry: RunningRegistry | undefined;
  let agent: Agent;
  let admin: TestClient;
  let gen: ReturnType<typeof generateConfig>;

  const kubelet = async (): Promise<ServiceInfo> => {
    const s = (await listServices(admin)).find((x) => x.id === 'kubelet');
    if (!s) throw new Error('no kubelet service');
    return s;
  };
  const waitingWith = (pattern: RegExp): Promise<string> =>
    eventually(async () => {
      const k = await kubelet();
      const msg = k.events.events.at(-1)?.msg ?? '';
      if (k.state !== 'Waiting' || !pattern.test(msg)) throw new Error(JSON.stringify(k));
      return msg;
    }, 600);

  beforeAll(async () => {
    requireTools('ctr', 'runc', 'go', 'containerd', 'docker-registry');
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    registryDir = await makeStateDir();
    gen = generateConfig(genDir, 'mirror', ADDRESS);
    agent = startAgent(ADDRESS, stateDir);
    await agent.waitReady();
    admin = await applyAndConnect(ADDRESS, withMirror(gen.controlPlane, DEAD_MIRROR), gen.adminTLS);
  }, 300_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await registry?.stop();
    for (const d of [stateDir, genDir, registryDir]) if (d) await removeDir(d);
  });

  it('waits with the connection error while the mirror is down', async () => {
    const msg = await waitingWith(/connection refused/);
    expect(msg).toMatch(/kubelet image ghcr\.io\/siderolabs\/kubelet:v[\d.]+ to be present in containerd: /);
    expect(msg).toContain('127.0.0.66:5066');
    // the CRI containerd's hosts directory is written as well
    expect(existsSync(join(stateDir, 'etc/cri/conf.d/hosts/_default/hosts.toml'))).toBe(true);
  }, 120_000);

  it("waits with the registry's answer when the image is not there", async () => {
    registry = await startDockerRegistry(registryDir, REGISTRY);
    await admin.unary('/machine.MachineService/ApplyConfiguration', {
      data: withMirror(gen.controlPlane, `http://${REGISTRY}`),
      mode: 'NO_REBOOT',
    });
    const msg = await waitingWith(/not found/);
    expect(msg).toContain('ghcr.io/siderolabs/kubelet');
  }, 120_000);

  it('pulls the image once it is pushed, and the kubelet runs healthy', async () => {
    const spec = await admin.unary<{ resource: { spec: { yaml_spec: string } } }>(
      '/cosi.resource.State/Get',
      {
        namespace: 'k8s',
        type: 'KubeletSpecs.kubernetes.talos.dev',
        id: 'kubelet',
      },
    );
    const image = (parse(spec.resource.spec.yaml_spec) as { image: string }).image;
    const tag = image.slice(image.lastIndexOf(':') + 1);
    const binary = buildKubeletHealth(join(genDir, 'bin'));
    const { archive, manifestDigest } = kubeletHealthImage(image, binary);
    await pushArchive(registry!, 'siderolabs/kubelet', tag, archive, manifestDigest);
    const k = await eventually(async () => {
      const s = await kubelet();
      if (s.state !== 'Running' || !s.health.healthy) throw new Error(JSON.stringify(s));
      return s;
    }, 900);
    expect(k.events.events.some((e) => e.msg.includes('not found'))).toBe(true);
    expect(await (await fetch(HEALTHZ)).text()).toBe('ok');
    // in the system containerd, under its Talos name
    const images = execFileSync(
      'ctr',
      [
        '--address',
        join(stateDir, 'system/run/containerd/containerd.sock'),
        '-n',
        'system',
        'images',
        'ls',
        '-q',
      ],
      { encoding: 'utf8' },
    );
    expect(images.split('\n')).toContain(image);
  }, 300_000);
});
