import { describe, expect, it } from 'vitest';

import {
  DEFAULT_INSTALLER_IMAGE,
  generateMachineConfig,
  generateMachineConfigDocuments,
  parseSecretsBundle,
  parseYamlDocuments,
} from '../../../src/cli/gen';
import { DEFAULT_KUBERNETES_VERSION } from '../../../src/k8s/defaults';
import { certificateMatchesKey, parseCertificate } from '../../../src/pki';
import { readGolden, talosConstants } from '../../harness/reference';
import { b64pem, sharedBundle } from './helpers';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => v as Obj;

async function generated(
  type: 'controlplane' | 'worker',
  extra: Obj = {},
): Promise<{ text: string; v1: Obj; docs: Obj[] }> {
  const secrets = await sharedBundle();
  const text = generateMachineConfig(type, {
    clusterName: 'demo',
    endpoint: 'https://10.5.0.2:6443',
    secrets,
    ...extra,
  });
  const docs = parseYamlDocuments(text) as Obj[];
  return { text, v1: docs[0] ?? {}, docs };
}

describe('controlplane.yaml', () => {
  it('has the structure and defaults of talosctl gen config v1.13', async () => {
    const { text, v1, docs } = await generated('controlplane');
    const secrets = await sharedBundle();
    expect(docs).toHaveLength(2);
    expect(text.split('\n---\n')).toHaveLength(2);
    expect(Object.keys(v1)).toEqual(['version', 'debug', 'persist', 'machine', 'cluster']);
    expect(v1.version).toBe('v1alpha1');
    expect(v1.debug).toBe(false);
    expect(v1.persist).toBe(true);

    const m = obj(v1.machine);
    expect(Object.keys(m)).toEqual([
      'type',
      'token',
      'ca',
      'certSANs',
      'kubelet',
      'install',
      'features',
      'nodeLabels',
    ]);
    expect(m.type).toBe('controlplane');
    expect(m.token).toBe(secrets.trustdInfo.token);
    expect(m.certSANs).toEqual([]);
    expect(m.kubelet).toEqual({
      image: `ghcr.io/siderolabs/kubelet:v${DEFAULT_KUBERNETES_VERSION}`,
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
    });
    expect(m.install).toEqual({
      disk: '/dev/sda',
      image: 'ghcr.io/siderolabs/installer:v1.13.9',
      wipe: false,
      grubUseUKICmdline: true,
    });
    expect(Object.keys(obj(m.install))).toEqual(['disk', 'image', 'wipe', 'grubUseUKICmdline']);
    expect(m.features).toEqual({
      diskQuotaSupport: true,
      kubePrism: { enabled: true, port: 7445 },
      hostDNS: { enabled: true, forwardKubeDNSToHost: true },
    });
    expect(m.nodeLabels).toEqual({ 'node.kubernetes.io/exclude-from-external-load-balancers': '' });

    const c = obj(v1.cluster);
    expect(Object.keys(c)).toEqual([
      'id',
      'secret',
      'controlPlane',
      'clusterName',
      'network',
      'token',
      'secretboxEncryptionSecret',
      'ca',
      'aggregatorCA',
      'serviceAccount',
      'apiServer',
      'controllerManager',
      'proxy',
      'scheduler',
      'discovery',
      'etcd',
      'extraManifests',
      'inlineManifests',
    ]);
    expect(c.id).toBe(secrets.cluster.id);
    expect(c.secret).toBe(secrets.cluster.secret);
    expect(c.controlPlane).toEqual({ endpoint: 'https://10.5.0.2:6443' });
    expect(c.clusterName).toBe('demo');
    expect(c.network).toEqual({
      dnsDomain: 'cluster.local',
      podSubnets: ['10.244.0.0/16'],
      serviceSubnets: ['10.96.0.0/12'],
    });
    expect(c.token).toBe(secrets.secrets.bootstrapToken);
    expect(c.secretboxEncryptionSecret).toBe(secrets.secrets.secretboxEncryptionSecret);
    const api = obj(c.apiServer);
    expect(Object.keys(api)).toEqual(['image', 'admissionControl', 'auditPolicy']);
    expect(api.image).toBe(`registry.k8s.io/kube-apiserver:v${DEFAULT_KUBERNETES_VERSION}`);
    expect(api.admissionControl).toEqual([
      {
        name: 'PodSecurity',
        configuration: {
          apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1',
          defaults: {
            audit: 'restricted',
            'audit-version': 'latest',
            enforce: 'baseline',
            'enforce-version': 'latest',
            warn: 'restricted',
            'warn-version': 'latest',
          },
          exemptions: { namespaces: ['kube-system'], runtimeClasses: [], usernames: [] },
          kind: 'PodSecurityConfiguration',
        },
      },
    ]);
    expect(api.auditPolicy).toEqual({
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      rules: [{ level: 'Metadata' }],
    });
    expect(c.controllerManager).toEqual({
      image: `registry.k8s.io/kube-controller-manager:v${DEFAULT_KUBERNETES_VERSION}`,
    });
    expect(c.proxy).toEqual({ image: `registry.k8s.io/kube-proxy:v${DEFAULT_KUBERNETES_VERSION}` });
    expect(c.scheduler).toEqual({ image: `registry.k8s.io/kube-scheduler:v${DEFAULT_KUBERNETES_VERSION}` });
    expect(c.discovery).toEqual({
      enabled: true,
      registries: { kubernetes: { disabled: true }, service: {} },
    });
    expect(c.extraManifests).toEqual([]);
    expect(c.inlineManifests).toEqual([]);

    expect(docs[1]).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
    expect(text.endsWith('---\napiVersion: v1alpha1\nkind: HostnameConfig\nauto: stable\n')).toBe(true);
  });

  it('embeds base64 PEMs that decode to the bundle and match', async () => {
    const { v1 } = await generated('controlplane');
    const secrets = await sharedBundle();
    const m = obj(v1.machine);
    const c = obj(v1.cluster);
    const pairs: Array<[Obj, { crt: string; key: string }]> = [
      [obj(m.ca), secrets.certs.os],
      [obj(c.ca), secrets.certs.k8s],
      [obj(c.aggregatorCA), secrets.certs.k8sAggregator],
      [obj(obj(c.etcd).ca), secrets.certs.etcd],
    ];
    for (const [yamlPair, bundlePair] of pairs) {
      expect(Object.keys(yamlPair)).toEqual(['crt', 'key']);
      const crt = b64pem(yamlPair.crt);
      const key = b64pem(yamlPair.key);
      expect(crt).toBe(bundlePair.crt);
      expect(key).toBe(bundlePair.key);
      expect(certificateMatchesKey(crt, key)).toBe(true);
    }
    expect(b64pem(obj(c.serviceAccount).key)).toBe(secrets.certs.k8sServiceAccount.key);
    expect(parseCertificate(b64pem(obj(m.ca).crt)).subject.organizations).toEqual(['talos']);
  });

  it('applies options', async () => {
    const { v1 } = await generated('controlplane', {
      kubernetesVersion: 'v1.35.2',
      installDisk: '/dev/nvme0n1',
      installImage: 'example.com/installer:x',
      additionalSANs: ['api.example.com', '10.0.0.9'],
      dnsDomain: 'corp.local',
      debug: true,
      discovery: false,
      allowSchedulingOnControlPlanes: true,
      localAPIServerPort: 7443,
      kubePrismPort: 0,
    });
    const m = obj(v1.machine);
    const c = obj(v1.cluster);
    expect(v1.debug).toBe(true);
    expect(m.certSANs).toEqual(['api.example.com', '10.0.0.9']);
    expect(obj(m.kubelet).image).toBe('ghcr.io/siderolabs/kubelet:v1.35.2');
    expect(obj(m.install).disk).toBe('/dev/nvme0n1');
    expect(obj(m.install).image).toBe('example.com/installer:x');
    expect(obj(m.features).kubePrism).toBeUndefined();
    expect(obj(c.apiServer).certSANs).toEqual(['api.example.com', '10.0.0.9']);
    expect(Object.keys(obj(c.apiServer))).toEqual(['image', 'certSANs', 'admissionControl', 'auditPolicy']);
    expect(obj(c.network).dnsDomain).toBe('corp.local');
    expect(obj(c.discovery).enabled).toBe(false);
    expect(c.allowSchedulingOnControlPlanes).toBe(true);
    expect(c.controlPlane).toEqual({ endpoint: 'https://10.5.0.2:6443', localAPIServerPort: 7443 });
  });

  it('withDocs: false drops the keys only the documented encoder emits', async () => {
    const { v1 } = await generated('controlplane', { withDocs: false });
    const c = obj(v1.cluster);
    expect(c.extraManifests).toBeUndefined();
    expect(c.inlineManifests).toBeUndefined();
  });

  it('documents are also available as objects', async () => {
    const secrets = await sharedBundle();
    const docs = generateMachineConfigDocuments('init', {
      clusterName: 'x',
      endpoint: 'https://x:6443',
      secrets,
    });
    expect(obj(obj(docs[0]).machine).type).toBe('init');
  });
});

describe('worker.yaml', () => {
  it('carries the OS CA crt without its key, and no control plane secrets', async () => {
    const { v1, docs } = await generated('worker');
    const secrets = await sharedBundle();
    const m = obj(v1.machine);
    const c = obj(v1.cluster);
    expect(Object.keys(m)).toEqual([
      'type',
      'token',
      'ca',
      'certSANs',
      'kubelet',
      'install',
      'registries',
      'features',
    ]);
    expect(m.type).toBe('worker');
    expect(m.registries).toEqual({});
    expect(m.nodeLabels).toBeUndefined();
    expect(b64pem(obj(m.ca).crt)).toBe(secrets.certs.os.crt);
    expect(obj(m.ca).key).toBe('');
    expect(Object.keys(c)).toEqual([
      'id',
      'secret',
      'controlPlane',
      'clusterName',
      'network',
      'token',
      'ca',
      'discovery',
    ]);
    expect(b64pem(obj(c.ca).crt)).toBe(secrets.certs.k8s.crt);
    expect(obj(c.ca).key).toBe('');
    for (const k of ['secretboxEncryptionSecret', 'aggregatorCA', 'serviceAccount', 'apiServer', 'etcd'])
      expect(c[k]).toBeUndefined();
    expect(docs[1]).toEqual({ apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' });
  });

  it('withDocs: false omits the empty registries map', async () => {
    const { v1 } = await generated('worker', { withDocs: false });
    expect(obj(v1.machine).registries).toBeUndefined();
  });
});

// Byte-for-byte comparison against Talos's own encoding-stability golden files (generated with
// comments disabled for cluster "base", endpoint https://base:6443, Kubernetes 1.28.0, no install
// disk/image), read from ../shared/reference/talos-v1.13-goldens/config-stability/. The `overrides-*`
// goldens need generator options we do not have (sysctls, CNI, registry mirrors, config patches).
describe('Talos v1.13 stability golden files', () => {
  it.each(['controlplane', 'worker'] as const)('base-%s.yaml', (type) => {
    const expected = readGolden(`config-stability/v1.13/base-${type}.yaml`);
    const secrets = parseSecretsBundle(readGolden('config-stability/secrets.yaml'));
    const text = generateMachineConfig(type, {
      clusterName: 'base',
      endpoint: 'https://base:6443',
      kubernetesVersion: '1.28.0',
      installDisk: '',
      installImage: '',
      secrets,
      withDocs: false,
    });
    expect(text).toBe(expected);
  });

  it('DEFAULT_INSTALLER_IMAGE / DEFAULT_KUBERNETES_VERSION match Talos v1.13.9', () => {
    const constants = talosConstants();
    expect(DEFAULT_KUBERNETES_VERSION).toBe(constants.default_kubernetes_version);
    expect(DEFAULT_INSTALLER_IMAGE).toBe(constants.default_installer_image);
    expect(DEFAULT_INSTALLER_IMAGE).toBe(`ghcr.io/siderolabs/installer:${constants.talos_tag}`);
  });
});
