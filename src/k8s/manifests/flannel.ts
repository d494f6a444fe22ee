// Flannel (Talos's default CNI): RBAC, its service account, the CNI and network configuration, and the
// daemonset (with the kube-network-policies sidecar when network policies are enabled).
import type { BootstrapManifestsConfigSpec } from '../../resources/k8s/bootstrap-manifests-config';
import {
  clusterRole,
  clusterRoleBinding,
  fieldEnv,
  hostPathVolume,
  KUBE_SYSTEM,
  object,
  serviceAccount,
  TOLERATE_ALL,
  type K8sObject,
  type Rule,
} from './objects';

const NAME = 'flannel';
const APP = { 'k8s-app': 'flannel' };
const NODE_APP = { 'k8s-app': 'flannel', tier: 'node' };
const CONFIG_MAP = 'kube-flannel-cfg';
const CONFIG_DIR = '/etc/kube-flannel/';

export function flannelClusterRole(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const rules: Rule[] = [
    { apiGroups: [''], resources: ['pods', 'nodes', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['nodes/status'], verbs: ['patch'] },
  ];
  if (cfg.flannelKubeNetworkPoliciesEnabled) {
    rules.push(
      { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['list', 'watch'] },
      {
        apiGroups: ['policy.networking.k8s.io'],
        resources: ['adminnetworkpolicies', 'baselineadminnetworkpolicies'],
        verbs: ['list', 'watch'],
      },
    );
  }
  return clusterRole({ name: NAME, labels: { ...APP } }, rules);
}

export const flannelClusterRoleBinding = (): K8sObject =>
  clusterRoleBinding({ name: NAME, labels: { ...APP } }, NAME, [serviceAccount(NAME)]);

export const flannelServiceAccount = (): K8sObject =>
  object('v1', 'ServiceAccount', { name: NAME, namespace: KUBE_SYSTEM, labels: { ...APP } });

/** The CNI plugin chain flannel's init container installs. */
const CNI_CONF = {
  name: 'cbr0',
  cniVersion: '1.0.0',
  plugins: [
    { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
    { type: 'portmap', capabilities: { portMappings: true } },
  ],
};

/** flanneld's network configuration: the pod CIDRs per family (the last one of a family wins), VXLAN. */
export function flannelNetConf(podCIDRs: readonly string[]): string {
  let network: string | undefined;
  let ipv6Network: string | undefined;
  for (const cidr of podCIDRs) {
    if (cidr.includes('.')) network = cidr;
    else ipv6Network = cidr;
  }
  const conf: Record<string, unknown> = {};
  if (network) conf['Network'] = network;
  if (ipv6Network) conf['IPv6Network'] = ipv6Network;
  if (ipv6Network !== undefined) conf['EnableIPv6'] = true;
  if (network === undefined) conf['EnableIPv4'] = false;
  conf['Backend'] = { Type: 'vxlan', Port: 4789 };
  return JSON.stringify(conf, null, 2);
}

export const flannelConfigMap = (cfg: BootstrapManifestsConfigSpec): K8sObject =>
  object(
    'v1',
    'ConfigMap',
    { name: CONFIG_MAP, namespace: KUBE_SYSTEM, labels: { ...NODE_APP } },
    {
      data: {
        'cni-conf.json': JSON.stringify(CNI_CONF, null, 2),
        'net-conf.json': flannelNetConf(cfg.podCIDRs),
      },
    },
  );

const REQUESTS = { requests: { cpu: '100m', memory: '50Mi' } };

function flanneld(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const env: K8sObject[] = [
    fieldEnv('POD_NAME', 'metadata.name'),
    fieldEnv('POD_NAMESPACE', 'metadata.namespace'),
    { name: 'EVENT_QUEUE_DEPTH', value: '5000' },
    { name: 'CONT_WHEN_CACHE_NOT_READY', value: 'false' },
  ];
  // With KubePrism, flannel reaches the API server through the node-local endpoint.
  if (cfg.flannelKubeServiceHost !== '')
    env.push({ name: 'KUBERNETES_SERVICE_HOST', value: cfg.flannelKubeServiceHost });
  if (cfg.flannelKubeServicePort !== '')
    env.push({ name: 'KUBERNETES_SERVICE_PORT', value: cfg.flannelKubeServicePort });
  return {
    name: 'kube-flannel',
    image: cfg.flannelImage,
    command: ['/opt/bin/flanneld'],
    args: ['--ip-masq', '--kube-subnet-mgr', ...cfg.flannelExtraArgs],
    env,
    resources: REQUESTS,
    securityContext: { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] }, privileged: false },
    volumeMounts: [
      { name: 'run', mountPath: '/run/flannel' },
      { name: 'flannel-cfg', mountPath: CONFIG_DIR },
    ],
  };
}

const networkPolicies = (image: string): K8sObject => ({
  name: 'kube-network-policies',
  image,
  command: ['/bin/netpol', '--hostname-override=$(MY_NODE_NAME)', '--v=2'],
  env: [fieldEnv('MY_NODE_NAME', 'spec.nodeName')],
  resources: REQUESTS,
  securityContext: { capabilities: { add: ['NET_ADMIN'] }, privileged: true },
  volumeMounts: [{ name: 'lib-modules', mountPath: '/lib/modules', readOnly: true }],
});

export function flannelDaemonSet(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const policies = cfg.flannelKubeNetworkPoliciesEnabled;
  const volumes = [
    hostPathVolume('run', '/run/flannel'),
    hostPathVolume('cni', '/etc/cni/net.d'),
    { name: 'flannel-cfg', configMap: { name: CONFIG_MAP } },
    ...(policies ? [hostPathVolume('lib-modules', '/usr/lib/modules')] : []),
  ];
  const installConfig = {
    name: 'install-config',
    image: cfg.flannelImage,
    command: ['cp'],
    args: ['-f', `${CONFIG_DIR}cni-conf.json`, '/etc/cni/net.d/10-flannel.conflist'],
    resources: {},
    volumeMounts: [
      { name: 'cni', mountPath: '/etc/cni/net.d' },
      { name: 'flannel-cfg', mountPath: CONFIG_DIR },
    ],
  };
  const linuxOnly = {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }] },
        ],
      },
    },
  };
  return object(
    'apps/v1',
    'DaemonSet',
    { name: 'kube-flannel', namespace: KUBE_SYSTEM, labels: { ...NODE_APP } },
    {
      spec: {
        selector: { matchLabels: { ...NODE_APP } },
        template: {
          metadata: { labels: { ...NODE_APP } },
          spec: {
            affinity: linuxOnly,
            containers: [
              flanneld(cfg),
              ...(policies ? [networkPolicies(cfg.flannelKubeNetworkPoliciesImage)] : []),
            ],
            initContainers: [installConfig],
            hostNetwork: true,
            priorityClassName: 'system-node-critical',
            serviceAccountName: NAME,
            tolerations: TOLERATE_ALL.map((t) => ({ ...t })),
            volumes,
          },
        },
        updateStrategy: {},
      },
    },
  );
}
