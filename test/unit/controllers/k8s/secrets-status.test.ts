// The control plane's secrets on disk: every certificate, key and kubeconfig the static pods mount, under a
// temporary root directory, mode 0600 in 0700 directories; SecretStatuses follows the kubeconfigs' version.
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RenderSecretsStaticPodController } from '../../../../controllers/k8s/secrets-status';
import { EtcdController } from '../../../../controllers/secrets/etcd-secrets';
import { EtcdRootController } from '../../../../controllers/secrets/etcd-root';
import { KubernetesController } from '../../../../controllers/secrets/kubernetes-secrets';
import { KubernetesCertSANsController } from '../../../../controllers/secrets/kubernetes-cert-sans';
import { KubernetesDynamicCertsController } from '../../../../controllers/secrets/kubernetes-dynamic-certs';
import { KubernetesRootController } from '../../../../controllers/secrets/kubernetes-root';
import { parseMachineConfig } from '../../../../src/config';
import { decodePublicKeyPem } from '../../../../src/pki';
import {
  MachineConfigDefinition,
  type MachineConfigSpec,
} from '../../../../src/resources/config/machine-config';
import {
  SecretsStatusDefinition,
  type SecretsStatusSpec,
} from '../../../../src/resources/k8s/secrets-status';
import { HostnameStatusDefinition } from '../../../../src/resources/network/hostname-status';
import { EtcdSecretsDefinition, type EtcdCertsSpec } from '../../../../src/resources/secrets/etcd-secrets';
import {
  KubernetesDynamicCertsDefinition,
  type KubernetesDynamicCertsSpec,
} from '../../../../src/resources/secrets/kubernetes-dynamic-certs';
import {
  KubernetesRootDefinition,
  type KubernetesRootSpec,
} from '../../../../src/resources/secrets/kubernetes-root';
import {
  KubernetesSecretsDefinition,
  type KubernetesCertsSpec,
} from '../../../../src/resources/secrets/kubernetes-secrets';
import type { Resource } from '../../../../src/state';
import { harness, waitFor, type Harness } from '../../controller-runtime/helpers';
import { CONTROLPLANE } from '../../../harness/manifest-fixtures';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: 'v1alpha1' };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const STATUS = { namespace: 'controlplane', type: SecretsStatusDefinition.type, id: 'static-pods' };
const ROOT = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: 'k8s' };
const K8S = { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: 'k8s-certs' };
const DYNAMIC = {
  namespace: 'secrets',
  type: KubernetesDynamicCertsDefinition.type,
  id: 'k8s-dynamic-certs',
};
const ETCD = { namespace: 'secrets', type: EtcdSecretsDefinition.type, id: 'etcd' };

const apply = (h: Harness, text: string) =>
  h.state.modify<MachineConfigSpec>(CONFIG, () => ({ config: parseMachineConfig(text) }));

describe('RenderSecretsStaticPodController', () => {
  let h: Harness;
  let rootDir: string;
  const dir = (pod: string) => join(rootDir, 'system/secrets/kubernetes', pod);
  const read = (pod: string, file: string) => readFileSync(join(dir(pod), file), 'utf8');

  beforeEach(async () => {
    rootDir = mkdtempSync(join(tmpdir(), 'render-secrets-'));
    h = harness();
    for (const c of [
      new EtcdRootController(),
      new EtcdController({ addresses: ['10.5.0.2'] }),
      new KubernetesRootController(),
      new KubernetesController(),
      new KubernetesCertSANsController({ addresses: ['10.5.0.2'] }),
      new KubernetesDynamicCertsController(),
      new RenderSecretsStaticPodController(rootDir),
    ])
      h.runtime.register(c);
    h.start();
    await h.state.modify(HOSTNAME, () => ({ hostname: 'cp-1', domainname: '' }));
    await apply(h, CONTROLPLANE);
  });

  afterEach(async () => {
    await h.shutdown();
    rmSync(rootDir, { recursive: true, force: true });
  });

  const status = (ok: (r: Resource<SecretsStatusSpec>) => boolean = () => true) =>
    waitFor(
      async () => {
        const r = await h.state.get<SecretsStatusSpec>(STATUS).catch(() => undefined);
        return r && ok(r) ? r : undefined;
      },
      'secrets status',
      8000,
    );

  it('writes every file the static pods mount, 0600 in 0700 directories', async () => {
    const st = await status();
    const k8s = await h.state.get<KubernetesCertsSpec>(K8S);
    expect(st.spec).toEqual({ ready: true, version: String(k8s.metadata.version) });

    const expected: Record<string, string[]> = {
      'kube-apiserver': [
        'aggregator-ca.crt',
        'apiserver-kubelet-client.crt',
        'apiserver-kubelet-client.key',
        'apiserver.crt',
        'apiserver.key',
        'ca.crt',
        'encryptionconfig.yaml',
        'etcd-client-ca.crt',
        'etcd-client.crt',
        'etcd-client.key',
        'front-proxy-client.crt',
        'front-proxy-client.key',
        'service-account.key',
        'service-account.pub',
      ],
      'kube-controller-manager': ['ca.crt', 'ca.key', 'kubeconfig', 'service-account.key'],
      'kube-scheduler': ['kubeconfig'],
    };
    for (const [pod, files] of Object.entries(expected)) {
      expect(readdirSync(dir(pod)).sort(), pod).toEqual(files);
      expect(statSync(dir(pod)).mode & 0o777).toBe(0o700);
      for (const f of files) expect(statSync(join(dir(pod), f)).mode & 0o777, `${pod}/${f}`).toBe(0o600);
    }

    const root = (await h.state.get<KubernetesRootSpec>(ROOT)).spec;
    const dynamic = (await h.state.get<KubernetesDynamicCertsSpec>(DYNAMIC)).spec;
    const etcd = (await h.state.get<EtcdCertsSpec>(ETCD)).spec;
    expect(read('kube-apiserver', 'apiserver.crt')).toBe(dynamic.apiServer.crt);
    expect(read('kube-apiserver', 'apiserver.key')).toBe(dynamic.apiServer.key);
    expect(read('kube-apiserver', 'front-proxy-client.key')).toBe(dynamic.frontProxy.key);
    expect(read('kube-apiserver', 'ca.crt')).toBe(root.acceptedCAs.join(''));
    expect(read('kube-apiserver', 'aggregator-ca.crt')).toBe(root.aggregatorCA.crt);
    expect(read('kube-apiserver', 'etcd-client.crt')).toBe(etcd.etcdAPIServer.crt);
    expect(new X509Certificate(read('kube-apiserver', 'etcd-client.crt')).subject).toBe('CN=kube-apiserver');
    expect(
      new X509Certificate(read('kube-apiserver', 'etcd-client.crt')).checkIssued(
        new X509Certificate(read('kube-apiserver', 'etcd-client-ca.crt')),
      ),
    ).toBe(true);
    const pub = read('kube-apiserver', 'service-account.pub');
    expect(pub).toMatch(/^-----BEGIN (EC |RSA )?PUBLIC KEY-----/);
    expect(decodePublicKeyPem(pub).export({ format: 'der', type: 'spki' })).toEqual(
      createPublicKey(read('kube-apiserver', 'service-account.key')).export({ format: 'der', type: 'spki' }),
    );
    expect(read('kube-apiserver', 'service-account.key')).toBe(root.serviceAccount);
    const enc = parse(read('kube-apiserver', 'encryptionconfig.yaml')) as {
      resources: Array<{ providers: Array<Record<string, { keys?: Array<{ secret: string }> }>> }>;
    };
    expect(enc.resources[0]?.providers[0]?.['secretbox']?.keys?.[0]?.secret).toBe(
      root.secretboxEncryptionSecret,
    );
    expect(read('kube-controller-manager', 'ca.key')).toBe(root.issuingCA?.key);
    expect(read('kube-controller-manager', 'kubeconfig')).toBe(k8s.spec.controllerManagerKubeconfig);
    expect(read('kube-scheduler', 'kubeconfig')).toBe(k8s.spec.schedulerKubeconfig);

    const logs = JSON.stringify(h.logs());
    expect(logs).not.toContain('PRIVATE KEY');
    expect(logs).not.toContain(root.secretboxEncryptionSecret);
  });

  it('bumps the version and rewrites the files when the root secrets change', async () => {
    const first = await status();
    const before = read('kube-scheduler', 'kubeconfig');
    await apply(h, CONTROLPLANE.replace('clusterName: demo', 'clusterName: other'));
    const second = await status((r) => r.spec.version !== first.spec.version);
    const k8s = await h.state.get<KubernetesCertsSpec>(K8S);
    expect(second.spec.version).toBe(String(k8s.metadata.version));
    await waitFor(() => read('kube-scheduler', 'kubeconfig') !== before, 'rewritten kubeconfig');
    expect(read('kube-scheduler', 'kubeconfig')).toBe(k8s.spec.schedulerKubeconfig);
    expect(read('kube-scheduler', 'kubeconfig')).toContain('default@other');
    expect(readdirSync(dir('kube-scheduler'))).toEqual(['kubeconfig']);
  });
});
