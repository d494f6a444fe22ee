// The Kubernetes secrets pipeline end to end: machine config → KubernetesRootSecrets → KubernetesSecrets,
// over MemoryState with the real controller runtime.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { KubernetesController } from '../../../../controllers/secrets/kubernetes-secrets';
import { KubernetesRootController } from '../../../../controllers/secrets/kubernetes-root';
import { parseMachineConfig } from '../../../../src/config';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../src/resources/secrets/kubernetes-root';
import {
  KubernetesSecretsDefinition,
  type KubernetesCertsSpec,
} from '../../../../src/resources/secrets/kubernetes-secrets';
import type { Resource } from '../../../../src/state';
import { harness, settle, waitFor, type Harness } from '../../controller-runtime/helpers';
import { NotFoundError } from '../../../../src/state';

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../fixtures/config/${name}.yaml`, import.meta.url), 'utf8');
const CONTROLPLANE = fixture('controlplane');
const WORKER = fixture('worker');

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const ROOT = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: 'k8s' };
const CERTS = { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: 'k8s-certs' };

async function start(config: string): Promise<Harness> {
  const h = harness();
  h.runtime.register(new KubernetesRootController());
  h.runtime.register(new KubernetesController());
  h.start();
  await applyConfig(h, config);
  return h;
}

const applyConfig = (h: Harness, text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

const present = <S>(h: Harness, p: typeof ROOT, ok: (r: Resource<S>) => boolean = () => true) =>
  waitFor(async () => {
    const r = await h.state.get<S>(p).catch(() => undefined);
    return r && ok(r) ? r : undefined;
  }, p.type);

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: { server: string; 'certificate-authority-data': string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace: string } }>;
  users: Array<{ name: string; user: { 'client-certificate-data': string; 'client-key-data': string } }>;
  'current-context': string;
}

const unb64 = (s: string): string => Buffer.from(s, 'base64').toString('utf8');

describe('Kubernetes secrets pipeline', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('gives a control-plane node its root secrets and admin kubeconfig', async () => {
    h = await start(CONTROLPLANE);
    const cluster = parseMachineConfig(CONTROLPLANE).v1alpha1()?.cluster;
    const root = (await present<KubernetesRootSpec>(h, ROOT)).spec;
    expect(root.name).toBe('demo');
    expect(root.endpoint).toBe('https://10.5.0.2:6443');
    expect(root.localEndpoint).toBe('https://127.0.0.1:7445');
    expect(root.apiServerIPs).toEqual(['10.96.0.1']);
    expect(root.dnsDomain).toBe(cluster?.network?.dnsDomain ?? 'cluster.local');
    expect(root.issuingCA?.crt).toBe(unb64(cluster?.ca?.crt ?? ''));
    expect(root.acceptedCAs).toEqual([unb64(cluster?.ca?.crt ?? '')]);
    expect(root.aggregatorCA.crt).toBe(unb64(cluster?.aggregatorCA?.crt ?? ''));
    expect(root.serviceAccount).toBe(unb64(cluster?.serviceAccount?.key ?? ''));
    expect(`${root.bootstrapTokenID}.${root.bootstrapTokenSecret}`).toBe(cluster?.token);

    const certs = (await present<KubernetesCertsSpec>(h, CERTS)).spec;
    const kc = parse(certs.adminKubeconfig) as Kubeconfig;
    expect(kc.clusters).toHaveLength(1);
    expect(kc.clusters[0]?.name).toBe('demo');
    expect(kc.clusters[0]?.cluster.server).toBe('https://10.5.0.2:6443');
    expect(kc['current-context']).toBe('admin@demo');
    expect(kc.contexts[0]).toEqual({
      name: 'admin@demo',
      context: { cluster: 'demo', namespace: 'default', user: 'admin@demo' },
    });
    const ca = new X509Certificate(root.issuingCA?.crt ?? '');
    const cert = new X509Certificate(unb64(kc.users[0]?.user['client-certificate-data'] ?? ''));
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subject.split('\n').sort()).toEqual(['CN=talos:admin', 'O=system:masters']);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(days).toBeGreaterThan(364.9);
    expect(days).toBeLessThan(365.1);
    expect((parse(certs.localhostAdminKubeconfig) as Kubeconfig).clusters[0]?.cluster.server).toBe(
      'https://127.0.0.1:7445',
    );
    expect((parse(certs.schedulerKubeconfig) as Kubeconfig)['current-context']).toBe('default@demo');
  });

  it('does not issue again when the config changes elsewhere', async () => {
    h = await start(CONTROLPLANE);
    const before = await present<KubernetesCertsSpec>(h, CERTS);
    await applyConfig(
      h,
      CONTROLPLANE.replace(
        'clusterName: demo',
        'clusterName: demo\n    allowSchedulingOnControlPlanes: true',
      ),
    );
    await settle(150);
    const after = await h.state.get<KubernetesCertsSpec>(CERTS);
    expect(after.metadata.version).toEqual(before.metadata.version);
    await applyConfig(h, CONTROLPLANE.replace('clusterName: demo', 'clusterName: other'));
    const renamed = await present<KubernetesCertsSpec>(h, CERTS, (r) =>
      r.spec.adminKubeconfig.includes('admin@other'),
    );
    expect(renamed.spec.adminKubeconfig).not.toBe(before.spec.adminKubeconfig);
  });

  it('gives a worker none of them, and removes them when a node becomes a worker', async () => {
    h = await start(WORKER);
    await settle(200);
    await expect(h.state.get(ROOT)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.state.get(CERTS)).rejects.toBeInstanceOf(NotFoundError);
    await applyConfig(h, CONTROLPLANE);
    await present(h, CERTS);
    await applyConfig(h, WORKER);
    await waitFor(
      () =>
        h.state.get(CERTS).then(
          () => false,
          () => true,
        ),
      'removal',
    );
    await expect(h.state.get(ROOT)).rejects.toBeInstanceOf(NotFoundError);
  });
});
