// The bootstrap manifests applied to a real kube-apiserver (v1.36.3, built by `make k8s-images`) by the
// agent's manifest-apply controller. The control-plane agent runs in a node sandbox in a network
// namespace of the test's own, is bootstrapped, and its etcd serves; the test then starts kube-apiserver
// by hand in the node's network namespace with the exact command and files the agent rendered for its
// static pod (Talos's paths mapped to the state directory), as a kubelet would run it. The controller,
// retrying while the API server did not answer, then applies every manifest: ManifestStatus lists
// them, the objects (CoreDNS, flannel, kube-proxy, the bootstrap RBAC) are in the API, the inventory
// ConfigMap names each of them, and an object deleted by hand is not applied again (it is in the inventory).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_APPLY_MUTEX } from '../../controllers/k8s/manifest-apply';
import { APISERVER_SECRETS_DIR } from '../../src/k8s/pods/pod-common';
import { EtcdLeaseClient } from '../../src/etcd/lease-client';
import { withEtcdMutex } from '../../src/etcd/mutex';
import { makeStateDir, removeDir, startSandboxedAgent, type Agent } from '../harness/agent';
import type { TestClient } from '../harness/client';
import { applyAndConnect, generateConfig } from '../harness/configured';
import { eventually } from '../harness/eventually';
import { requireK8sBinary } from '../harness/k8s-binaries';
import { createLan, spawnIn, type Lan } from '../harness/netns-lan';
import { listServices } from '../harness/services';
import { requireRoot, requireTools } from '../harness/tools';

interface Res {
  resource: { metadata: { id: string; version: string }; spec: { yaml_spec: string } };
}

/** Talos paths of the static pod (secrets, configs, audit log) as the state directory holds them. */
const TALOS_DIRS = ['/system/', '/etc/kubernetes/', '/var/'];

interface Container {
  command: string[];
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
}

/**
 * The kube-apiserver container's command line from the rendered static pod as a kubelet would run it:
 * `$(VAR)` references expanded from the container's env (status.podIP is the node's address for a
 * host-network pod), Talos's paths mapped under `stateDir`.
 */
function apiServerCommand(stateDir: string, binary: string, podIP: string): string[] {
  const pod = parse(
    readFileSync(join(stateDir, 'etc/kubernetes/manifests/talos-kube-apiserver.yaml'), 'utf8'),
  ) as { spec: { containers: Container[] } };
  const c = pod.spec.containers[0]!;
  const env = new Map<string, string>();
  for (const e of c.env ?? [])
    env.set(e.name, e.valueFrom?.fieldRef?.fieldPath === 'status.podIP' ? podIP : (e.value ?? ''));
  const argv = [...c.command, ...(c.args ?? [])].map((a) =>
    a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => env.get(name) ?? m),
  );
  expect(argv[0]).toBe('/usr/local/bin/kube-apiserver');
  const mapped = argv.slice(1).map((arg) => {
    const eq = arg.indexOf('=');
    const value = eq < 0 ? arg : arg.slice(eq + 1);
    if (!TALOS_DIRS.some((d) => value.startsWith(d))) return arg;
    return `${arg.slice(0, eq + 1)}${join(stateDir, value)}`;
  });
  mkdirSync(join(stateDir, 'var/log/audit/kube'), { recursive: true });
  return [binary, ...mapped];
}

/**
 * The control-plane config without KubePrism (talos-ts has no KubePrism load balancer yet): the
 * localhost kubeconfig then points at the API server's own port, as Talos's does in that case.
 */
function withoutKubePrism(config: Buffer): Buffer {
  const docs = config.toString('utf8').split(/^---\n/m);
  const v1 = parse(docs[0]!) as { machine: { features?: Record<string, unknown> } };
  v1.machine.features = { ...v1.machine.features, kubePrism: { enabled: false } };
  return Buffer.from([stringify(v1), ...docs.slice(1)].join('---\n'));
}

describe('bootstrap manifests applied to a real kube-apiserver', () => {
  let lan: Lan;
  let address: string;
  let ns: string;
  let stateDir: string;
  let genDir: string;
  let agent: Agent;
  let admin: TestClient;
  let apiServer: { child: ChildProcess; output: () => string } | undefined;
  let kubeconfig: string;
  let kubectl: (...args: string[]) => string;

  beforeAll(async () => {
    requireRoot('network namespaces and the node sandbox');
    requireTools('ip', 'etcd', 'containerd', 'runc');
    const apiServerBin = requireK8sBinary('kube-apiserver');
    const kubectlBin = requireK8sBinary('kubectl');
    lan = createLan();
    const node = lan.addNode();
    address = node.address;
    ns = node.ns;
    stateDir = await makeStateDir();
    genDir = await makeStateDir();
    const gen = generateConfig(genDir, 'ma', address);
    agent = await startSandboxedAgent(address, stateDir, { netns: ns });
    await agent.waitReady();
    admin = await applyAndConnect(address, withoutKubePrism(gen.controlPlane), gen.adminTLS);
    await admin.unary('/machine.MachineService/Bootstrap', {});
    await eventually(async () => {
      const etcd = (await listServices(admin)).find((s) => s.id === 'etcd');
      if (!etcd?.health?.healthy) throw new Error(`etcd not healthy yet: ${JSON.stringify(etcd)}`);
    }, 1200);
    // the API server's files are rendered by now (the manifest waits for the secrets)
    const argv = await eventually(async () => apiServerCommand(stateDir, apiServerBin, address), 600);
    apiServer = spawnIn(ns, argv);
    // the admin kubeconfig, pointed at the node's address (the test reaches it through the LAN)
    const res = await admin.unary<Res>('/cosi.resource.State/Get', {
      namespace: 'secrets',
      type: 'KubernetesSecrets.secrets.talos.dev',
      id: 'k8s-certs',
    });
    const spec = parse(res.resource.spec.yaml_spec) as { adminKubeconfig: string };
    kubeconfig = join(genDir, 'kubeconfig');
    writeFileSync(kubeconfig, spec.adminKubeconfig.replace(/server: .*/, `server: https://${address}:6443`));
    kubectl = (...args: string[]) =>
      execFileSync(kubectlBin, ['--kubeconfig', kubeconfig, ...args], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  }, 600_000);

  afterAll(async () => {
    admin?.close();
    if (apiServer?.child.pid !== undefined) {
      try {
        process.kill(-apiServer.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await agent?.stop();
    lan?.remove();
    await removeDir(stateDir);
    await removeDir(genDir);
  }, 120_000);

  /** The cluster config with one more inline manifest: a ConfigMap `name` in the default namespace. */
  const applyInlineConfigMap = async (name: string): Promise<void> => {
    const current = await admin.unary<Res>('/cosi.resource.State/Get', {
      namespace: 'config',
      type: 'MachineConfigs.config.talos.dev',
      id: 'v1alpha1',
    });
    const docs = current.resource.spec.yaml_spec.split(/^---\n/m);
    const v1 = parse(docs[0]!) as { cluster: { inlineManifests?: { name: string; contents: string }[] } };
    v1.cluster.inlineManifests = [
      ...(v1.cluster.inlineManifests ?? []),
      {
        name,
        contents: stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name, namespace: 'default' },
        }),
      },
    ];
    await admin.unary('/machine.MachineService/ApplyConfiguration', {
      data: Buffer.from([stringify(v1), ...docs.slice(1)].join('---\n')),
      mode: 'NO_REBOOT',
    });
  };
  const configMapExists = (name: string): boolean => {
    try {
      kubectl('-n', 'default', 'get', 'configmap', name, '-o', 'name');
      return true;
    } catch {
      return false;
    }
  };

  const manifestIds = async (): Promise<string[]> =>
    (
      await admin.serverStream<Res>('/cosi.resource.State/List', {
        namespace: 'controlplane',
        type: 'Manifests.kubernetes.talos.dev',
      })
    )
      .map((r) => r.resource.metadata.id)
      .sort();

  it('applies every bootstrap manifest once the API server answers; ManifestStatus lists them', async () => {
    let status: { manifestsApplied: string[] } | undefined;
    for (let i = 0; i < 1200 && status === undefined; i++) {
      if (apiServer?.child.exitCode !== null)
        throw new Error(`kube-apiserver exited:\n${apiServer?.output().slice(-3000)}`);
      try {
        const res = await admin.unary<Res>('/cosi.resource.State/Get', {
          namespace: 'controlplane',
          type: 'ManifestStatuses.kubernetes.talos.dev',
          id: 'manifests',
        });
        status = parse(res.resource.spec.yaml_spec) as { manifestsApplied: string[] };
      } catch {
        await new Promise((r) => setTimeout(r, 250));
      }
    }
    if (status === undefined)
      throw new Error(
        `no ManifestStatus\n--- agent:\n${agent.output().slice(-4000)}\n--- kube-apiserver:\n${apiServer?.output().slice(-2000)}`,
      );
    const ids = await manifestIds();
    expect(ids.length).toBeGreaterThan(5);
    expect([...status.manifestsApplied].sort()).toEqual(ids);
  }, 600_000);

  it('created the objects: CoreDNS, flannel, kube-proxy and the bootstrap RBAC', () => {
    expect(kubectl('-n', 'kube-system', 'get', 'deployment', 'coredns', '-o', 'name').trim()).toBe(
      'deployment.apps/coredns',
    );
    expect(kubectl('-n', 'kube-system', 'get', 'daemonset', '-o', 'name').split('\n')).toEqual(
      expect.arrayContaining(['daemonset.apps/kube-flannel', 'daemonset.apps/kube-proxy']),
    );
    const bindings = kubectl('get', 'clusterrolebinding', '-o', 'name');
    expect(bindings).toContain(
      'clusterrolebinding.rbac.authorization.k8s.io/system-bootstrap-approve-node-client-csr',
    );
    const svc = JSON.parse(
      kubectl('-n', 'kube-system', 'get', 'service', 'kube-dns', '-o', 'json', '--show-managed-fields'),
    ) as {
      metadata: { annotations?: Record<string, string>; managedFields?: { manager: string }[] };
    };
    expect(svc.metadata.annotations?.['config.k8s.io/owning-inventory']).toBe(
      'talos-bootstrap-manifests-inventory',
    );
    expect(svc.metadata.managedFields?.map((f) => f.manager)).toContain('talos');
  });

  it('records each object in the inventory ConfigMap, and does not bring back one deleted by hand', async () => {
    const cm = JSON.parse(
      kubectl('-n', 'kube-system', 'get', 'configmap', 'talos-bootstrap-manifests-inventory', '-o', 'json'),
    ) as { data: Record<string, string> };
    const keys = Object.keys(cm.data);
    expect(keys).toEqual(
      expect.arrayContaining([
        'kube-system_coredns_apps_Deployment',
        'kube-system_kube-dns__Service',
        'kube-system_kube-flannel_apps_DaemonSet',
        '_system-bootstrap-approve-node-client-csr_rbac.authorization.k8s.io_ClusterRoleBinding',
      ]),
    );
    kubectl('-n', 'kube-system', 'delete', 'deployment', 'coredns', '--wait=true');
    // a new pass (an apply of the config with one more manifest) must leave the deleted one alone
    await applyInlineConfigMap('test-extra');
    await eventually(async () => {
      if (!configMapExists('test-extra')) throw new Error('test-extra not applied yet');
    }, 1200);
    expect(() => kubectl('-n', 'kube-system', 'get', 'deployment', 'coredns')).toThrow(/NotFound|not found/);
  }, 300_000);

  it('waits for the etcd mutex another holder has, then applies', async () => {
    const dir = join(stateDir, APISERVER_SECRETS_DIR);
    const etcd = new EtcdLeaseClient([`${address}:2379`], {
      ca: readFileSync(join(dir, 'etcd-client-ca.crt'), 'utf8'),
      cert: readFileSync(join(dir, 'etcd-client.crt'), 'utf8'),
      key: readFileSync(join(dir, 'etcd-client.key'), 'utf8'),
    });
    const held = new AbortController();
    try {
      await withEtcdMutex(
        etcd,
        MANIFEST_APPLY_MUTEX,
        async () => {
          await applyInlineConfigMap('test-after-mutex');
          // the controller's pass is blocked on the mutex meanwhile
          await new Promise((r) => setTimeout(r, 8_000));
          expect(configMapExists('test-after-mutex')).toBe(false);
        },
        { signal: held.signal },
      );
      await eventually(async () => {
        if (!configMapExists('test-after-mutex')) throw new Error('not applied after the mutex was released');
      }, 1200);
    } finally {
      etcd.close();
    }
  }, 300_000);
});
