// CoreDNS: its service account and RBAC, the Corefile, the two-replica deployment and the kube-dns
// service on the DNS service address(es).
import type { BootstrapManifestsConfigSpec } from '../../resources/k8s/bootstrap-manifests-config';
import {
  AUTOUPDATE,
  clusterRole,
  clusterRoleBinding,
  KUBE_SYSTEM,
  object,
  RBAC_DEFAULTS,
  serviceAccount,
  type K8sObject,
} from './objects';

const NAME = 'coredns';
const APP = { 'k8s-app': 'kube-dns' };

export const coreDNSServiceAccount = (): K8sObject =>
  object('v1', 'ServiceAccount', { name: NAME, namespace: KUBE_SYSTEM });

export const coreDNSClusterRole = (): K8sObject =>
  clusterRole({ name: 'system:coredns', labels: { ...RBAC_DEFAULTS } }, [
    { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
    { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
  ]);

export const coreDNSClusterRoleBinding = (): K8sObject =>
  clusterRoleBinding(
    { name: 'system:coredns', labels: { ...RBAC_DEFAULTS }, annotations: { ...AUTOUPDATE } },
    'system:coredns',
    [serviceAccount(NAME)],
  );

/** The Corefile: cluster zone from the Kubernetes API, everything else forwarded to the host's resolvers. */
export function corefile(clusterDomain: string): string {
  const cache =
    clusterDomain === ''
      ? ['    cache 30']
      : [
          '    cache 30 {',
          `       disable success ${clusterDomain}`,
          `       disable denial ${clusterDomain}`,
          '    }',
        ];
  return [
    '.:53 {',
    '    errors',
    '    health {',
    '        lameduck 5s',
    '    }',
    '    ready',
    '    log . {',
    '        class error',
    '    }',
    '    prometheus :9153',
    '',
    `    kubernetes ${clusterDomain} in-addr.arpa ip6.arpa {`,
    '        pods insecure',
    '        fallthrough in-addr.arpa ip6.arpa',
    '        ttl 30',
    '    }',
    '    forward . /etc/resolv.conf {',
    '       max_concurrent 1000',
    '    }',
    ...cache,
    '    loop',
    '    reload',
    '    loadbalance',
    '}',
    '',
  ].join('\n');
}

export const coreDNSConfigMap = (cfg: BootstrapManifestsConfigSpec): K8sObject =>
  object(
    'v1',
    'ConfigMap',
    { name: NAME, namespace: KUBE_SYSTEM },
    { data: { Corefile: corefile(cfg.clusterDomain) } },
  );

const port = (name: string, protocol: string, containerPort: number): K8sObject => ({
  name,
  protocol,
  containerPort,
});

const httpProbe = (path: string, p: number): K8sObject => ({ httpGet: { path, port: p, scheme: 'HTTP' } });

function container(image: string): K8sObject {
  return {
    name: NAME,
    image,
    imagePullPolicy: 'IfNotPresent',
    resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
    env: [{ name: 'GOMEMLIMIT', value: '161MiB' }],
    args: ['-conf', '/etc/coredns/Corefile'],
    volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
    ports: [port('dns', 'UDP', 53), port('dns-tcp', 'TCP', 53), port('metrics', 'TCP', 9153)],
    livenessProbe: {
      ...httpProbe('/health', 8080),
      initialDelaySeconds: 60,
      timeoutSeconds: 5,
      successThreshold: 1,
      failureThreshold: 5,
    },
    readinessProbe: httpProbe('/ready', 8181),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
  };
}

export function coreDNSDeployment(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const antiAffinity = {
    weight: 100,
    podAffinityTerm: {
      labelSelector: { matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }] },
      topologyKey: 'kubernetes.io/hostname',
    },
  };
  const controlPlaneTolerations = [
    'node-role.kubernetes.io/control-plane',
    'node.cloudprovider.kubernetes.io/uninitialized',
  ].map((key) => ({ key, operator: 'Exists', effect: 'NoSchedule' }));
  return object(
    'apps/v1',
    'Deployment',
    { name: NAME, namespace: KUBE_SYSTEM, labels: { ...APP, 'kubernetes.io/name': 'CoreDNS' } },
    {
      spec: {
        replicas: 2,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
        selector: { matchLabels: { ...APP } },
        template: {
          metadata: { labels: { ...APP } },
          spec: {
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            affinity: {
              podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [antiAffinity] },
            },
            serviceAccountName: NAME,
            priorityClassName: 'system-cluster-critical',
            tolerations: controlPlaneTolerations,
            containers: [container(cfg.coreDNSImage)],
            dnsPolicy: 'Default',
            volumes: [
              {
                name: 'config-volume',
                configMap: { name: NAME, items: [{ key: 'Corefile', path: 'Corefile' }] },
              },
            ],
          },
        },
      },
    },
  );
}

/** kube-dns on the first IPv4 and/or IPv6 DNS service address; dual stack when both are set. */
export function coreDNSService(cfg: BootstrapManifestsConfigSpec): K8sObject {
  const clusterIPs: string[] = [];
  const ipFamilies: string[] = [];
  if (cfg.dnsServiceIP !== '') {
    clusterIPs.push(cfg.dnsServiceIP);
    ipFamilies.push('IPv4');
  }
  if (cfg.dnsServiceIPv6 !== '') {
    clusterIPs.push(cfg.dnsServiceIPv6);
    ipFamilies.push('IPv6');
  }
  const clusterIP = cfg.dnsServiceIP || cfg.dnsServiceIPv6;
  const servicePort = (name: string, protocol: string, p: number) => ({
    name,
    port: p,
    protocol,
    targetPort: p,
  });
  return object(
    'v1',
    'Service',
    {
      name: 'kube-dns',
      namespace: KUBE_SYSTEM,
      annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9153' },
      labels: { ...APP, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    {
      spec: {
        selector: { ...APP },
        ...(clusterIP !== '' ? { clusterIP } : {}),
        ...(clusterIPs.length > 0 ? { clusterIPs, ipFamilies } : {}),
        ipFamilyPolicy: clusterIPs.length === 2 ? 'RequireDualStack' : 'SingleStack',
        ports: [
          servicePort('dns', 'UDP', 53),
          servicePort('dns-tcp', 'TCP', 53),
          servicePort('metrics', 'TCP', 9153),
        ],
      },
    },
  );
}
