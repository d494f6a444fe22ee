// The cluster-wide objects every Talos control plane applies: the kubelet bootstrap token, the node
// bootstrap/CSR role bindings, read access to endpoint slices for nodes, and the in-cluster kubeconfig.
import type { BootstrapManifestsConfigSpec } from '../../resources/k8s/bootstrap-manifests-config';
import type { KubernetesRootSpec } from '../../resources/secrets/kubernetes-root';
import {
  AUTOUPDATE,
  clusterRole,
  clusterRoleBinding,
  group,
  KUBE_SYSTEM,
  object,
  RBAC_DEFAULTS,
  type K8sObject,
} from './objects';

const BOOTSTRAPPERS = 'system:bootstrappers:nodes';
const NODES = 'system:nodes';

/** The bootstrap token kubelets authenticate with before they have a certificate. */
export function kubeletBootstrapTokenSecret(root: KubernetesRootSpec): K8sObject {
  return object(
    'v1',
    'Secret',
    { name: `bootstrap-token-${root.bootstrapTokenID}`, namespace: KUBE_SYSTEM },
    {
      type: 'bootstrap.kubernetes.io/token',
      stringData: {
        'token-id': root.bootstrapTokenID,
        'token-secret': root.bootstrapTokenSecret,
        'usage-bootstrap-authentication': 'true',
        'auth-extra-groups': BOOTSTRAPPERS,
      },
    },
  );
}

/** Bootstrapping nodes (and nodes) may create CSRs. */
export const csrNodeBootstrap = (): K8sObject =>
  clusterRoleBinding({ name: 'system-bootstrap-node-bootstrapper' }, 'system:node-bootstrapper', [
    group(BOOTSTRAPPERS),
    group(NODES),
  ]);

/** Bootstrapping nodes' client CSRs are approved automatically. */
export const csrApproverRoleBinding = (): K8sObject =>
  clusterRoleBinding(
    { name: 'system-bootstrap-approve-node-client-csr' },
    'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    [group(BOOTSTRAPPERS)],
  );

/** Nodes' renewal CSRs are approved automatically. */
export const csrRenewalRoleBinding = (): K8sObject =>
  clusterRoleBinding(
    { name: 'system-bootstrap-node-renewal' },
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    [group(NODES)],
  );

export const talosNodesRBACClusterRoleBinding = (): K8sObject =>
  clusterRoleBinding(
    { name: 'system:talos-nodes', labels: { ...RBAC_DEFAULTS }, annotations: { ...AUTOUPDATE } },
    'system:talos-nodes',
    [group(NODES)],
  );

export const talosNodesRBACClusterRole = (): K8sObject =>
  clusterRole({ name: 'system:talos-nodes', labels: { ...RBAC_DEFAULTS } }, [
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  ]);

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A kubeconfig using the pod's service account, as client-go's clientcmd writes it. */
export function inClusterKubeconfig(server: string): string {
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority: ${SA_DIR}/ca.crt`,
    `    server: ${server}`,
    '  name: local',
    'contexts:',
    '- context:',
    '    cluster: local',
    '    user: service-account',
    '  name: local',
    'current-context: local',
    'kind: Config',
    'users:',
    '- name: service-account',
    '  user:',
    `    tokenFile: ${SA_DIR}/token`,
    '',
  ].join('\n');
}

/** The kubeconfig kube-proxy mounts. */
export const kubeconfigInCluster = (cfg: BootstrapManifestsConfigSpec): K8sObject =>
  object(
    'v1',
    'ConfigMap',
    { name: 'kubeconfig-in-cluster', namespace: KUBE_SYSTEM },
    { data: { kubeconfig: inClusterKubeconfig(cfg.server) } },
  );
