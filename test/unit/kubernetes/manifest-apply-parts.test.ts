// The pure parts of the manifest-apply path: the inventory's object keys (as go-kubernetes' ssa
// inventory writes them), the apply order (namespaces, then CRDs, then the rest as given), object URLs
// from a REST mapping, and a kubeconfig's current context read into client credentials.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inlineObjects } from '../../../controllers/k8s/extra-manifest';
import { applyOrder } from '../../../controllers/k8s/manifest-apply';
import { objMetadataString, parseObjMetadata } from '../../../src/kubernetes/inventory';
import { KubeconfigError, kubeconfigCredentials } from '../../../src/kubernetes/kubeconfig';
import { objectPath, splitApiVersion } from '../../../src/kubernetes/rest-mapper';

describe('inventory keys', () => {
  it('writes namespace_name_group_kind, colons in names doubled as underscores', () => {
    const key = objMetadataString({
      namespace: '',
      name: 'system:coredns',
      group: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
    });
    expect(key).toBe('_system__coredns_rbac.authorization.k8s.io_ClusterRole');
    expect(parseObjMetadata(key)).toEqual({
      namespace: '',
      name: 'system:coredns',
      group: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
    });
    expect(parseObjMetadata('kube-system_kube-dns__Service')).toEqual({
      namespace: 'kube-system',
      name: 'kube-dns',
      group: '',
      kind: 'Service',
    });
  });

  it('refuses a key with too few parts', () => {
    expect(() => parseObjMetadata('kube-system_Service')).toThrow(RangeError);
  });
});

describe('apply order', () => {
  it('puts namespaces first and CRDs next, each by name; the rest keep their order', () => {
    const objs = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'z' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-flannel' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'c' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
      { apiVersion: 'example.com/v1', kind: 'Namespace', metadata: { name: 'not-core' } },
    ];
    expect(applyOrder(objs).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual([
      'Namespace/apps',
      'Namespace/kube-flannel',
      'CustomResourceDefinition/c',
      'CustomResourceDefinition/z',
      'Deployment/b',
      'ConfigMap/a',
      'Namespace/not-core',
    ]);
  });
});

describe('REST paths', () => {
  it('splits apiVersion and builds core, group, namespaced and cluster-wide URLs', () => {
    expect(splitApiVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(splitApiVersion('rbac.authorization.k8s.io/v1')).toEqual({
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
    });
    const svc = { group: '', version: 'v1', resource: 'services', namespaced: true };
    expect(objectPath(svc, 'kube-dns', 'kube-system')).toBe(
      '/api/v1/namespaces/kube-system/services/kube-dns',
    );
    const crb = {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterrolebindings',
      namespaced: false,
    };
    expect(objectPath(crb, 'system:x', 'ignored')).toBe(
      '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system%3Ax',
    );
  });
});

describe('kubeconfig credentials', () => {
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const doc = (user: string): string => `apiVersion: v1
kind: Config
current-context: admin@c
clusters:
  - name: other
    cluster: { server: 'https://other:6443' }
  - name: c
    cluster:
      server: https://127.0.0.1:6443
      certificate-authority-data: ${b64('CA')}
users:
  - name: admin@c
    user: ${user}
contexts:
  - name: admin@c
    context: { cluster: c, user: admin@c }
`;

  it('reads the current context with inline data', async () => {
    const creds = await kubeconfigCredentials(
      doc(`{ client-certificate-data: ${b64('CERT')}, client-key-data: ${b64('KEY')} }`),
    );
    expect(creds).toEqual({ server: 'https://127.0.0.1:6443', caPem: 'CA', certPem: 'CERT', keyPem: 'KEY' });
  });

  it('reads certificate files under the root directory, and a token', async () => {
    const root = await mkdtemp(join(tmpdir(), 'kubeconfig-'));
    try {
      await writeFile(join(root, 'crt'), 'FILECERT');
      const creds = await kubeconfigCredentials(doc(`{ client-certificate: /crt, token: abc }`), root);
      expect(creds).toEqual({
        server: 'https://127.0.0.1:6443',
        caPem: 'CA',
        certPem: 'FILECERT',
        token: 'abc',
      });
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('refuses a kubeconfig whose context names a missing user', async () => {
    await expect(
      kubeconfigCredentials(doc('{}').replace('user: admin@c }', 'user: nobody }')),
    ).rejects.toThrow(KubeconfigError);
  });
});

describe('inline extra manifests', () => {
  it('makes every non-empty YAML document an object', async () => {
    await expect(
      inlineObjects('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\nkind: Secret\n'),
    ).resolves.toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { kind: 'Secret' },
    ]);
  });

  it('refuses a document that is not a map, and YAML that does not parse', async () => {
    await expect(inlineObjects('- a\n- b\n')).rejects.toThrow(/not an object/);
    await expect(inlineObjects('a: [\n')).rejects.toThrow(/must be sufficiently indented and end with a \]/);
  });
});
