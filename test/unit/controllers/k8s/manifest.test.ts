// The bootstrap manifests end to end: machine config → KubernetesRootSecrets + BootstrapManifestsConfig →
// Manifests in `controlplane`, over MemoryState with the real controller runtime.
import { afterEach, describe, expect, it } from 'vitest';
import { ControlPlaneBootstrapManifestsController } from '../../../../controllers/k8s/bootstrap-manifests-config';
import { ManifestController } from '../../../../controllers/k8s/manifest';
import { KubernetesRootController } from '../../../../controllers/secrets/kubernetes-root';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import { ManifestDefinition, type ManifestSpec } from '../../../../src/resources/k8s/manifest';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';
import { config, CONTROLPLANE, variant, WORKER } from '../../../harness/manifest-fixtures';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const KIND = { namespace: 'controlplane', type: ManifestDefinition.type };

const ALWAYS = [
  '00-kubelet-bootstrapping-token',
  '01-csr-approver-role-binding',
  '01-csr-node-bootstrap',
  '01-csr-renewal-role-binding',
  '11-kube-config-in-cluster',
  '11-talos-node-rbac-template',
];
const DEFAULT = [...ALWAYS, '05-flannel', '10-kube-proxy', '11-core-dns', '11-core-dns-svc'].sort();

async function start(text: string): Promise<Harness> {
  const h = harness();
  h.runtime.register(new KubernetesRootController());
  h.runtime.register(new ControlPlaneBootstrapManifestsController());
  h.runtime.register(new ManifestController());
  h.start();
  await apply(h, text);
  return h;
}

const apply = (h: Harness, text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: config(text) }));

const ids = async (h: Harness): Promise<string[]> =>
  (await h.state.list(KIND)).map((r) => r.metadata.id).sort();

const idsBecome = (h: Harness, want: string[]) =>
  waitFor(async () => JSON.stringify(await ids(h)) === JSON.stringify(want), `manifests ${want.join(',')}`);

describe('bootstrap manifests pipeline', () => {
  let h: Harness;
  afterEach(() => h.shutdown());

  it('renders Talos’s manifests for a control plane, the token secret from the root secrets', async () => {
    h = await start(CONTROLPLANE);
    await idsBecome(h, DEFAULT);
    const token = await h.state.get<ManifestSpec>({ ...KIND, id: '00-kubelet-bootstrapping-token' });
    expect(token.spec.items).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bootstrap-token-eru656', namespace: 'kube-system' },
        type: 'bootstrap.kubernetes.io/token',
        stringData: {
          'token-id': 'eru656',
          'token-secret': 'u9cekb7z7vxl43nw',
          'usage-bootstrap-authentication': 'true',
          'auth-extra-groups': 'system:bootstrappers:nodes',
        },
      },
    ]);
    const proxy = await h.state.get<ManifestSpec>({ ...KIND, id: '10-kube-proxy' });
    expect(
      proxy.spec.items.map((o) => `${String(o['kind'])}/${String((o['metadata'] as { name: string }).name)}`),
    ).toEqual(['DaemonSet/kube-proxy', 'ServiceAccount/kube-proxy', 'ClusterRoleBinding/kube-proxy']);
    const dns = await h.state.get<ManifestSpec>({ ...KIND, id: '11-core-dns-svc' });
    expect((dns.spec.items[0]?.['spec'] as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    const kubeconfig = await h.state.get<ManifestSpec>({ ...KIND, id: '11-kube-config-in-cluster' });
    expect(JSON.stringify(kubeconfig.spec.items)).toContain('server: https://127.0.0.1:7445');
  });

  it('follows the config: CoreDNS, kube-proxy and flannel off, Talos API access on, then a worker', async () => {
    h = await start(CONTROLPLANE);
    await idsBecome(h, DEFAULT);
    await apply(
      h,
      variant((d) => void ((d.cluster ?? {}).coreDNS = { disabled: true })),
    );
    await idsBecome(
      h,
      DEFAULT.filter((id) => !id.startsWith('11-core-dns')),
    );
    await apply(
      h,
      variant((d) => void ((d.cluster ?? {}).proxy = { disabled: true })),
    );
    await idsBecome(
      h,
      DEFAULT.filter((id) => id !== '10-kube-proxy'),
    );
    await apply(
      h,
      variant((d) => void ((d.cluster ?? {}).network = { cni: { name: 'none' } })),
    );
    await idsBecome(
      h,
      DEFAULT.filter((id) => id !== '05-flannel'),
    );
    await apply(
      h,
      variant((d) => {
        const m = d.machine ?? {};
        m.features = {
          ...m.features,
          kubernetesTalosAPIAccess: { enabled: true, allowedRoles: ['os:reader'] },
        };
      }),
    );
    await idsBecome(h, [...DEFAULT, '13-talos-service-account-crd'].sort());
    await apply(h, WORKER);
    await idsBecome(h, []);
  });

  it('does not write a manifest again when nothing it renders changed', async () => {
    h = await start(CONTROLPLANE);
    await idsBecome(h, DEFAULT);
    const before = await h.state.get({ ...KIND, id: '05-flannel' });
    await apply(
      h,
      variant((d) => void ((d.cluster ?? {}).coreDNS = { disabled: true })),
    );
    await idsBecome(
      h,
      DEFAULT.filter((id) => !id.startsWith('11-core-dns')),
    );
    const after = await h.state.get({ ...KIND, id: '05-flannel' });
    expect(after.metadata.version).toBe(before.metadata.version);
  });
});
