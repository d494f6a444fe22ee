// kube-proxy: the daemonset (flags from the BootstrapManifestsConfig), its service account and its
// binding to system:node-proxier.
import type { BootstrapManifestsConfigSpec } from '../../resources/k8s/bootstrap-manifests-config';
import {
  clusterRoleBinding,
  fieldEnv,
  hostPathVolume,
  KUBE_SYSTEM,
  object,
  serviceAccount,
  TOLERATE_ALL,
  type K8sObject,
} from './objects';

const NAME = 'kube-proxy';
const APP = { tier: 'node', 'k8s-app': NAME };

export function kubeProxyDaemonSet(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const container = {
    name: NAME,
    image: cfg.proxyImage,
    command: ['/usr/local/bin/kube-proxy', ...cfg.proxyArgs],
    env: [fieldEnv('NODE_NAME', 'spec.nodeName'), fieldEnv('POD_IP', 'status.podIP')],
    resources: {},
    securityContext: { privileged: true },
    volumeMounts: [
      { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
      { name: 'ssl-certs-host', mountPath: '/etc/ssl/certs', readOnly: true },
      { name: 'kubeconfig', mountPath: '/etc/kubernetes', readOnly: true },
    ],
  };
  return object(
    'apps/v1',
    'DaemonSet',
    { name: NAME, namespace: KUBE_SYSTEM, labels: { ...APP } },
    {
      spec: {
        selector: { matchLabels: { ...APP } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        template: {
          metadata: { labels: { ...APP } },
          spec: {
            containers: [container],
            hostNetwork: true,
            priorityClassName: 'system-cluster-critical',
            serviceAccountName: NAME,
            tolerations: TOLERATE_ALL.map((t) => ({ ...t })),
            volumes: [
              hostPathVolume('lib-modules', '/usr/lib/modules'),
              hostPathVolume('ssl-certs-host', '/etc/ssl/certs'),
              { name: 'kubeconfig', configMap: { name: 'kubeconfig-in-cluster' } },
            ],
          },
        },
      },
    },
  );
}

export const kubeProxyServiceAccount = (): K8sObject =>
  object('v1', 'ServiceAccount', { name: NAME, namespace: KUBE_SYSTEM });

export const kubeProxyClusterRoleBinding = (): K8sObject =>
  clusterRoleBinding({ name: NAME }, 'system:node-proxier', [serviceAccount(NAME)]);
