// Our bootstrap manifest builders produce the same Kubernetes objects as Talos v1.13.9's templates: each
// is compared with Talos's own expected output (../shared/reference/talos-v1.13-goldens/k8s-manifests/;
// the test fails when it is missing). Talos stores objects without `status`, so the goldens' status is
// dropped before comparing.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  csrApproverRoleBinding,
  csrNodeBootstrap,
  csrRenewalRoleBinding,
  kubeconfigInCluster,
  kubeletBootstrapTokenSecret,
  talosNodesRBACClusterRole,
  talosNodesRBACClusterRoleBinding,
} from '../../../../src/k8s/manifests/bootstrap';
import {
  coreDNSClusterRole,
  coreDNSClusterRoleBinding,
  coreDNSConfigMap,
  coreDNSDeployment,
  coreDNSService,
  coreDNSServiceAccount,
} from '../../../../src/k8s/manifests/coredns';
import { apiServerEncryptionConfig } from '../../../../src/k8s/manifests/encryption-config';
import {
  flannelClusterRole,
  flannelClusterRoleBinding,
  flannelConfigMap,
  flannelDaemonSet,
  flannelServiceAccount,
} from '../../../../src/k8s/manifests/flannel';
import {
  kubeProxyClusterRoleBinding,
  kubeProxyDaemonSet,
  kubeProxyServiceAccount,
} from '../../../../src/k8s/manifests/kube-proxy';
import type { K8sObject } from '../../../../src/k8s/manifests/objects';
import { talosServiceAccountCRD } from '../../../../src/k8s/manifests/talos-crd';
import type { BootstrapManifestsConfigSpec } from '../../../../src/resources/k8s/bootstrap-manifests-config';
import type { KubernetesRootSpec } from '../../../../src/resources/secrets/kubernetes-root';
import { readGolden, referencePath } from '../../../harness/reference';

function golden(name: string): K8sObject {
  const text = readGolden(`k8s-manifests/${name}.yaml`);
  const obj = parse(text) as K8sObject;
  delete obj['status'];
  return obj;
}

const EMPTY: BootstrapManifestsConfigSpec = {
  server: '',
  clusterDomain: '',
  podCIDRs: [],
  proxyEnabled: false,
  proxyImage: '',
  proxyArgs: [],
  coreDNSEnabled: false,
  coreDNSImage: '',
  dnsServiceIP: '',
  dnsServiceIPv6: '',
  flannelEnabled: false,
  flannelImage: '',
  flannelExtraArgs: [],
  flannelKubeServiceHost: '',
  flannelKubeServicePort: '',
  flannelKubeNetworkPoliciesEnabled: false,
  flannelKubeNetworkPoliciesImage: '',
  podSecurityPolicyEnabled: false,
  talosAPIServiceEnabled: false,
  cniName: '',
};
const cfg = (over: Partial<BootstrapManifestsConfigSpec>) => ({ ...EMPTY, ...over });
const root = (over: Partial<KubernetesRootSpec>) => over as KubernetesRootSpec;

const CASES: Array<[string, () => K8sObject]> = [
  [
    'apiserver-encryption-secretbox',
    () =>
      apiServerEncryptionConfig(
        root({
          secretboxEncryptionSecret: '/FYehPLp5F8POCNQRVDEUb7Hmt+KkV44e+fQL4HMexs=',
          aesCBCEncryptionSecret: '',
        }),
      ),
  ],
  [
    'apiserver-encryption-aescbc',
    () =>
      apiServerEncryptionConfig(
        root({
          aesCBCEncryptionSecret: '/sFYehPLp5F8POCNQRVDEUb7Hmt+KkV44e+fQL4HMexs=',
          secretboxEncryptionSecret: '',
        }),
      ),
  ],
  ['coredns-service-ipv4', () => coreDNSService(cfg({ dnsServiceIP: '10.96.0.10' }))],
  ['coredns-service-ipv6', () => coreDNSService(cfg({ dnsServiceIPv6: 'fd00::10' }))],
  [
    'coredns-service-dual',
    () => coreDNSService(cfg({ dnsServiceIP: '10.96.0.10', dnsServiceIPv6: 'fd00::10' })),
  ],
  ['coredns-service-account', coreDNSServiceAccount],
  ['coredns-cluster-role-binding', coreDNSClusterRoleBinding],
  ['coredns-cluster-role', coreDNSClusterRole],
  ['coredns-configmap-cluster-domain', () => coreDNSConfigMap(cfg({ clusterDomain: 'cluster.local' }))],
  ['coredns-configmap-no-cluster-domain', () => coreDNSConfigMap(cfg({}))],
  ['coredns-deployment', () => coreDNSDeployment(cfg({ coreDNSImage: 'coredns/coredns:1.9.3' }))],
  [
    'kubelet-bootstrapping-token',
    () =>
      kubeletBootstrapTokenSecret(
        root({ bootstrapTokenID: '25p8ak', bootstrapTokenSecret: 'vshybadgp2mhtvm7' }),
      ),
  ],
  ['csr-node-bootstrap', csrNodeBootstrap],
  ['csr-approver-role-binding', csrApproverRoleBinding],
  ['csr-renewal-role-binding', csrRenewalRoleBinding],
  ['kubeconfig-in-cluster', () => kubeconfigInCluster(cfg({ server: 'https://localhost:6443' }))],
  ['talos-nodes-rbac-cluster-role-binding', talosNodesRBACClusterRoleBinding],
  ['talos-nodes-rbac-cluster-role', talosNodesRBACClusterRole],
  [
    'kube-proxy-daemonset',
    () =>
      kubeProxyDaemonSet(
        cfg({ proxyImage: 'k8s.gcr.io/kube-proxy:v1.27.0', proxyArgs: ['--proxy-mode=iptables'] }),
      ),
  ],
  ['kube-proxy-service-account', kubeProxyServiceAccount],
  ['kube-proxy-cluster-role-binding', kubeProxyClusterRoleBinding],
  ['talos-service-account-crd', talosServiceAccountCRD],
  ['flannel-cluster-role', () => flannelClusterRole(cfg({}))],
  [
    'flannel-cluster-role-with-network-policies',
    () => flannelClusterRole(cfg({ flannelKubeNetworkPoliciesEnabled: true })),
  ],
  ['flannel-cluster-role-binding', flannelClusterRoleBinding],
  ['flannel-service-account', flannelServiceAccount],
  ['flannel-configmap-v4', () => flannelConfigMap(cfg({ podCIDRs: ['10.96.0.0/12'] }))],
  ['flannel-configmap-v6', () => flannelConfigMap(cfg({ podCIDRs: ['fd00::/112'] }))],
  ['flannel-configmap-dual', () => flannelConfigMap(cfg({ podCIDRs: ['10.96.0.0/12', 'fd00::/112'] }))],
  [
    'flannel-daemonset',
    () =>
      flannelDaemonSet(
        cfg({ flannelImage: 'quay.io/coreos/flannel:v0.14.0', flannelExtraArgs: ['--foo=bar'] }),
      ),
  ],
  [
    'flannel-daemonset-with-network-policies',
    () =>
      flannelDaemonSet(
        cfg({
          flannelImage: 'quay.io/coreos/flannel:v0.14.0',
          flannelExtraArgs: ['--foo=bar'],
          flannelKubeNetworkPoliciesEnabled: true,
          flannelKubeNetworkPoliciesImage: 'registry.k8s.io/networking/kube-network-policies:v0.7.0',
        }),
      ),
  ],
];

describe('bootstrap manifests match Talos v1.13.9 goldens', () => {
  it('covers every golden manifest', () => {
    const names = readdirSync(referencePath('talos-v1.13-goldens/k8s-manifests')).map((f) =>
      f.replace(/\.yaml$/, ''),
    );
    expect(CASES.map(([name]) => name).sort()).toEqual(names.sort());
  });

  it.each(CASES)('%s', (name, build) => {
    expect(build()).toEqual(golden(name));
  });
});
