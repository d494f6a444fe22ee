// A real Kubernetes node on talos-ts (issue 18): one control-plane agent in a node sandbox, with the
// registry mirror `*` pointing at the images `make k8s-images` pushed (Debian's docker-registry serving
// that storage on the test's end of the LAN, as Talos's air-gapped guide has it). Once bootstrapped, the
// agent's kubelet service pulls the kubelet image through the mirror, the kubelet (v1.36.3, cgroup v1
// host: `failCgroupV1: false`) runs the static pods the agent rendered — kube-apiserver against the
// agent's etcd, kube-controller-manager, kube-scheduler — the manifest-apply controller applies the
// bootstrap manifests, and the node registers and goes Ready (flannel and Debian's CNI plugins).
// The judges: the built kubectl, and the official Go client (get staticpodstatuses, get nodenames).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRegistry } from '../../images/k8s/registry.mjs';
import { makeStateDir, removeDir, REPO, startSandboxedAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { startDockerRegistry } from '../harness/docker-registry';
import { eventually } from '../harness/eventually';
import { requireK8sBinary } from '../harness/k8s-binaries';
import { machinery } from '../harness/machinery-client';
import { createLan, ipIn, type Lan } from '../harness/netns-lan';
import { listServices } from '../harness/services';
import { requireRoot, requireTools } from '../harness/tools';

/** Whether `get staticpodstatuses` (the Go client's YAML, one `--- <id>` document each) says `pod` is Ready. */
function staticPodReady(out: string, pod: string): boolean {
  const docs = out.split(/^--- (\S+)\n/m);
  for (let i = 1; i + 1 < docs.length; i += 2) {
    if (!docs[i]!.startsWith(`kube-system/${pod}-`)) continue;
    const status = parse(docs[i + 1]!) as { conditions?: { type: string; status: string }[] } | null;
    if (status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return true;
  }
  return false;
}

interface Res {
  resource: { metadata: { id: string }; spec: { yaml_spec: string } };
}

/** `make k8s-images`' outputs: the registry's storage and the node's CNI plugins. */
const K8S_OUT = process.env['K8S_OUT'] ?? join(REPO, '_out', 'k8s');
const REGISTRY_DIR = process.env['REGISTRY_DIR'] ?? join(REPO, '_out', 'registry');

/**
 * The generated control-plane config for this node: every registry mirrored to `mirror`, the kubelet
 * allowed on a cgroup v1 host, no KubePrism (talos-ts has no KubePrism load balancer yet: the localhost
 * kubeconfig then points at the API server's port, as Talos's does in that case).
 */
function nodeConfig(config: Buffer, mirror: string): Buffer {
  const docs = config.toString('utf8').split(/^---\n/m);
  const v1 = parse(docs[0]!) as {
    machine: Record<string, Record<string, unknown> | undefined>;
    cluster: Record<string, unknown>;
  };
  v1.machine['features'] = { ...v1.machine['features'], kubePrism: { enabled: false } };
  v1.machine['registries'] = { mirrors: { '*': { endpoints: [mirror] } } };
  // the manifests directory: talos-ts has no static pod server (Talos's kubelet reads the static pods
  // from the agent over HTTP, staticPodURL), the kubelet reads the files the agent renders
  v1.machine['kubelet'] = {
    ...v1.machine['kubelet'],
    extraConfig: { failCgroupV1: false },
    disableManifestsDirectory: false,
  };
  v1.cluster['allowSchedulingOnControlPlanes'] = true;
  return Buffer.from([stringify(v1), ...docs.slice(1)].join('---\n'));
}

describe('a control-plane node goes Ready with a real kubelet', () => {
  let lan: Lan;
  let nodeNs: string;
  let address: string;
  let stateDir: string;
  let genDir: string;
  let registry: RunningRegistry;
  let agent: Agent;
  let admin: TestClient;
  let talosconfig: string;
  let kubectl: (...args: string[]) => string;

  const kubeletLog = (): string => {
    try {
      return readFileSync(join(stateDir, 'var/log/kubelet.log'), 'utf8').slice(-6000);
    } catch {
      return '(no kubelet log)';
    }
  };

  beforeAll(async () => {
    requireRoot('network namespaces and the node sandbox');
    requireTools('ip', 'etcd', 'containerd', 'runc');
    const kubectlBin = requireK8sBinary('kubectl');
    lan = createLan();
    const node = lan.addNode();
    address = node.address;
    // the node's default route, as its platform would give it: the LAN's gateway (the switch namespace,
    // which forwards nothing). Host-network pods (flannel) dial the in-cluster API address 10.96.0.1,
    // which kube-proxy maps to the API server, and the kernel needs a route for it before that.
    ipIn(node.ns, 'route', 'add', 'default', 'via', `${lan.prefix}.1`);
    nodeNs = node.ns;
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    // the registry of `make k8s-images`, served read-only on the test's end of the LAN
    const regDir = join(genDir, 'registry');
    mkdirSync(regDir);
    symlinkSync(join(REGISTRY_DIR, 'storage'), join(regDir, 'storage'));
    registry = await startDockerRegistry(regDir, `${lan.prefix}.254:5000`);
    const gen = generateConfig(genDir, 'nr', address);
    writeFileSync(join(genDir, 'node.yaml'), nodeConfig(gen.controlPlane, registry.url));
    agent = await startSandboxedAgent(address, stateDir, {
      netns: node.ns,
      cniBinDir: join(K8S_OUT, 'cni', 'bin'),
    });
    await agent.waitReady();
    admin = await applyAndConnect(address, readFileSync(join(genDir, 'node.yaml')), gen.adminTLS);
    await admin.unary('/machine.MachineService/Bootstrap', {});
    const tc = parse(readFileSync(join(genDir, 'talosconfig'), 'utf8')) as {
      contexts: Record<string, { endpoints: string[] }>;
    };
    for (const c of Object.values(tc.contexts)) c.endpoints = [address];
    talosconfig = join(genDir, 'talosconfig.node');
    writeFileSync(talosconfig, stringify(tc));
    const res = await eventually(
      () =>
        admin.unary<Res>('/cosi.resource.State/Get', {
          namespace: 'secrets',
          type: 'KubernetesSecrets.secrets.talos.dev',
          id: 'k8s-certs',
        }),
      1200,
    );
    const spec = parse(res.resource.spec.yaml_spec) as { adminKubeconfig: string };
    const kubeconfig = join(genDir, 'kubeconfig');
    writeFileSync(kubeconfig, spec.adminKubeconfig.replace(/server: .*/, `server: https://${address}:6443`));
    kubectl = (...args: string[]) =>
      execFileSync(kubectlBin, ['--kubeconfig', kubeconfig, '--request-timeout=10s', ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  }, 600_000);

  afterAll(async () => {
    admin?.close();
    await agent?.stop();
    await registry?.stop();
    lan?.remove();
    await removeDir(stateDir);
    await removeDir(genDir);
  }, 180_000);

  it('runs the kubelet from the image pulled through the mirror; the service is healthy', async () => {
    await eventually(async () => {
      const kubelet = (await listServices(admin)).find((s) => s.id === 'kubelet');
      if (!kubelet?.health?.healthy)
        throw new Error(`kubelet not healthy yet: ${JSON.stringify(kubelet)}\n${kubeletLog()}`);
    }, 6000);
  }, 900_000);

  it('runs the static pods: the API server answers, StaticPodStatus says Ready (Go client)', async () => {
    await eventually(async () => {
      const out = await machinery({ endpoint: address, talosconfig }, ['get', 'staticpodstatuses']);
      for (const pod of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'])
        if (!staticPodReady(out, pod)) throw new Error(`${pod} not Ready yet:\n${out}\n${kubeletLog()}`);
    }, 6000);
    // their mirror pods come once the kubelet has registered the node, Pending until it reports them
    const phases = await eventually(async () => {
      const pods = kubectl('-n', 'kube-system', 'get', 'pods', '-o', 'json');
      const items = (
        JSON.parse(pods) as { items: { metadata: { name: string }; status: { phase: string } }[] }
      ).items;
      const out = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map(
        (pod) => items.find((p) => p.metadata.name.startsWith(`${pod}-`))?.status.phase,
      );
      if (out.some((phase) => phase !== 'Running'))
        throw new Error(`mirror pods not all Running yet: ${JSON.stringify(out)}`);
      return out;
    }, 1200);
    expect(phases).toEqual(['Running', 'Running', 'Running']);
  }, 900_000);

  it('registers the node, which goes Ready; NodeName (Go client) names it', async () => {
    const nodename = await machinery({ endpoint: address, talosconfig }, ['get', 'nodenames']);
    const name = /nodename: (\S+)/.exec(nodename)?.[1];
    expect(name).toBeDefined();
    await eventually(async () => {
      const ready = kubectl(
        'get',
        'node',
        name!,
        '-o',
        'jsonpath={.status.conditions[?(@.type=="Ready")].status}',
      );
      if (ready.trim() !== 'True')
        throw new Error(`node ${name} not Ready: ${kubectl('get', 'node', name!, '-o', 'yaml')}`);
    }, 6000);
  }, 900_000);

  it('labels the node as Talos does: the control-plane role and machine.nodeLabels, owned by talos.dev/owned-labels', async () => {
    const nodename = await machinery({ endpoint: address, talosconfig }, ['get', 'nodenames']);
    const name = /nodename: (\S+)/.exec(nodename)![1]!;
    const v1 = parse(readFileSync(join(genDir, 'node.yaml'), 'utf8').split(/^---\n/m)[0]!) as {
      machine: { nodeLabels?: Record<string, string> };
    };
    const wanted = { ...v1.machine.nodeLabels, 'node-role.kubernetes.io/control-plane': '' };
    const node = await eventually(async () => {
      const n = JSON.parse(kubectl('get', 'node', name, '-o', 'json')) as {
        metadata: { labels: Record<string, string>; annotations: Record<string, string> };
        spec: { taints?: { key: string }[] };
      };
      if (n.metadata.labels['node-role.kubernetes.io/control-plane'] === undefined)
        throw new Error(`node ${name} has no control-plane label: ${JSON.stringify(n.metadata.labels)}`);
      return n;
    }, 600);
    expect(node.metadata.labels).toMatchObject(wanted);
    expect(node.metadata.annotations['talos.dev/owned-labels']).toBe(
      JSON.stringify(Object.keys(wanted).sort()),
    );
    // cluster.allowSchedulingOnControlPlanes is true here: no control-plane taint, nothing owned
    expect((node.spec.taints ?? []).map((t) => t.key)).not.toContain('node-role.kubernetes.io/control-plane');
    expect(node.metadata.annotations['talos.dev/owned-taints']).toBeUndefined();
    expect(kubectl('get', 'node', name, '--no-headers')).toMatch(/\scontrol-plane\s/);
  }, 900_000);

  it('runs CoreDNS on the pod network (flannel); it answers for the API service through its service address', async () => {
    await eventually(async () => {
      const ready = kubectl(
        '-n',
        'kube-system',
        'get',
        'deployment',
        'coredns',
        '-o',
        'jsonpath={.status.readyReplicas}',
      );
      if (Number(ready) < 1)
        throw new Error(`CoreDNS not ready: ${kubectl('-n', 'kube-system', 'get', 'pods', '-o', 'wide')}`);
    }, 3000);
    const pods = JSON.parse(
      kubectl('-n', 'kube-system', 'get', 'pods', '-l', 'k8s-app=kube-dns', '-o', 'json'),
    ) as {
      items: { status: { podIP: string } }[];
    };
    for (const p of pods.items) expect(p.status.podIP).toMatch(/^10\.244\./);
    // a DNS query from the node's network namespace to the cluster DNS service (kube-proxy's mapping)
    const query = [
      "const { Resolver } = require('node:dns').promises;",
      "const r = new Resolver(); r.setServers(['10.96.0.10']);",
      "r.resolve4('kubernetes.default.svc.cluster.local').then((a) => console.log(a.join(',')), (e) => { console.error(e.message); process.exit(1); });",
    ].join(' ');
    const answer = await eventually(
      async () =>
        execFileSync('ip', ['netns', 'exec', nodeNs, process.execPath, '-e', query], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      300,
    );
    expect(answer.trim()).toBe('10.96.0.1');
  }, 900_000);
});
