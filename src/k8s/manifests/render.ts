// The bootstrap manifests (Manifest ids and their objects) for a BootstrapManifestsConfig and the
// Kubernetes root secrets, with Talos's ids and conditions; the ids sort in the order they are applied.
import type { BootstrapManifestsConfigSpec } from '../../resources/k8s/bootstrap-manifests-config';
import type { KubernetesRootSpec } from '../../resources/secrets/kubernetes-root';
import {
  csrApproverRoleBinding,
  csrNodeBootstrap,
  csrRenewalRoleBinding,
  kubeconfigInCluster,
  kubeletBootstrapTokenSecret,
  talosNodesRBACClusterRole,
  talosNodesRBACClusterRoleBinding,
} from './bootstrap';
import {
  coreDNSClusterRole,
  coreDNSClusterRoleBinding,
  coreDNSConfigMap,
  coreDNSDeployment,
  coreDNSService,
  coreDNSServiceAccount,
} from './coredns';
import {
  flannelClusterRole,
  flannelClusterRoleBinding,
  flannelConfigMap,
  flannelDaemonSet,
  flannelServiceAccount,
} from './flannel';
import { kubeProxyClusterRoleBinding, kubeProxyDaemonSet, kubeProxyServiceAccount } from './kube-proxy';
import type { K8sObject } from './objects';
import { talosServiceAccountCRD } from './talos-crd';

export interface RenderedManifest {
  readonly id: string;
  readonly objects: K8sObject[];
}

export class PodSecurityPolicyUnsupportedError extends Error {
  constructor() {
    super('pod security policies are not supported anymore, please remove the flag from the configuration');
    this.name = 'PodSecurityPolicyUnsupportedError';
  }
}

export function renderManifests(
  cfg: BootstrapManifestsConfigSpec,
  root: KubernetesRootSpec,
): RenderedManifest[] {
  const out: RenderedManifest[] = [
    { id: '00-kubelet-bootstrapping-token', objects: [kubeletBootstrapTokenSecret(root)] },
    { id: '01-csr-node-bootstrap', objects: [csrNodeBootstrap()] },
    { id: '01-csr-approver-role-binding', objects: [csrApproverRoleBinding()] },
    { id: '01-csr-renewal-role-binding', objects: [csrRenewalRoleBinding()] },
    { id: '11-kube-config-in-cluster', objects: [kubeconfigInCluster(cfg)] },
    {
      id: '11-talos-node-rbac-template',
      objects: [talosNodesRBACClusterRoleBinding(), talosNodesRBACClusterRole()],
    },
  ];
  if (cfg.coreDNSEnabled) {
    out.push(
      {
        id: '11-core-dns',
        objects: [
          coreDNSServiceAccount(),
          coreDNSClusterRole(),
          coreDNSClusterRoleBinding(),
          coreDNSConfigMap(cfg),
          coreDNSDeployment(cfg),
        ],
      },
      { id: '11-core-dns-svc', objects: [coreDNSService(cfg)] },
    );
  }
  if (cfg.flannelEnabled) {
    out.push({
      id: '05-flannel',
      objects: [
        flannelClusterRole(cfg),
        flannelClusterRoleBinding(),
        flannelServiceAccount(),
        flannelConfigMap(cfg),
        flannelDaemonSet(cfg),
      ],
    });
  }
  if (cfg.proxyEnabled) {
    out.push({
      id: '10-kube-proxy',
      objects: [kubeProxyDaemonSet(cfg), kubeProxyServiceAccount(), kubeProxyClusterRoleBinding()],
    });
  }
  if (cfg.podSecurityPolicyEnabled) throw new PodSecurityPolicyUnsupportedError();
  if (cfg.talosAPIServiceEnabled) {
    out.push({ id: '13-talos-service-account-crd', objects: [talosServiceAccountCRD()] });
  }
  return out;
}
