// Semantic rules for the `cluster` section of the v1alpha1 document, following the checks Talos
// v1.13 runs in its default (non-strict) validation.

import type { MachineType } from './machine-config';
import type { PathSegment } from './path';
import { endpointProblem, isDNSName, isSubnetFilter } from './net-checks';
import { get, isTrue, list, nonEmpty, record, str, type DocReport } from './validate-report';

const DEFAULT_DISCOVERY_ENDPOINT = 'https://discovery.talos.dev/';

function checkEndpoint(r: DocReport, cluster: Record<string, unknown>): void {
  const endpoint = get(cluster, 'controlPlane', 'endpoint');
  if (typeof endpoint !== 'string' || endpoint === '') {
    r.error(['cluster', 'controlPlane', 'endpoint'], 'the control plane endpoint is required');
    return;
  }
  const problem = endpointProblem(endpoint, ['https', 'http']);
  if (problem) r.error(['cluster', 'controlPlane', 'endpoint'], problem);
}

function checkCNI(r: DocReport, cluster: Record<string, unknown>): void {
  const cni = record(get(cluster, 'network', 'cni'));
  const path: PathSegment[] = ['cluster', 'network', 'cni'];
  const name = cni ? str(cni['name']) : 'flannel';
  const urls = list(cni?.['urls']);
  const flannelArgs = list(get(cni, 'flannel', 'extraArgs'));
  const policies = isTrue(get(cni, 'flannel', 'kubeNetworkPoliciesEnabled'));
  switch (name) {
    case 'flannel':
      if (urls.length > 0) r.error([...path, 'urls'], 'must be empty for the flannel CNI');
      break;
    case 'none':
    case 'custom':
      if (name === 'none' && urls.length > 0) r.error([...path, 'urls'], 'must be empty for the none CNI');
      if (name === 'custom' && urls.length === 0)
        r.warn([...path, 'urls'], 'should not be empty for the custom CNI');
      if (flannelArgs.length > 0)
        r.error([...path, 'flannel', 'extraArgs'], `must be empty for the ${name} CNI`);
      if (policies)
        r.error(
          [...path, 'flannel', 'kubeNetworkPoliciesEnabled'],
          `must not be enabled for the ${name} CNI`,
        );
      if (name === 'custom') {
        urls.forEach((u, i) => {
          const problem = typeof u === 'string' ? endpointProblem(u) : 'must be a URL';
          if (problem) r.error([...path, 'urls', i], problem);
        });
      }
      break;
    default:
      r.error([...path, 'name'], 'must be one of flannel, custom, none');
  }
}

function checkEtcd(r: DocReport, cluster: Record<string, unknown>, controlPlane: boolean): void {
  const etcd = record(cluster['etcd']);
  if (!etcd) return;
  const path: PathSegment[] = ['cluster', 'etcd'];
  if (!controlPlane) {
    r.error(path, 'etcd configuration is only allowed on control plane nodes');
    return;
  }
  if (!record(etcd['ca'])) r.error([...path, 'ca'], 'the etcd CA certificate and key are required');
  if (nonEmpty(etcd['subnet']) && list(etcd['advertisedSubnets']).length > 0) {
    r.error([...path, 'subnet'], 'cannot be set together with advertisedSubnets');
  }
  const advertised = nonEmpty(etcd['subnet']) ? [etcd['subnet']] : list(etcd['advertisedSubnets']);
  advertised.forEach((s, i) => {
    const p = nonEmpty(etcd['subnet']) ? [...path, 'subnet'] : [...path, 'advertisedSubnets', i];
    if (typeof s !== 'string' || !isSubnetFilter(s)) r.error(p, 'is not a valid subnet or address');
  });
  list(etcd['listenSubnets']).forEach((s, i) => {
    if (typeof s !== 'string' || !isSubnetFilter(s))
      r.error([...path, 'listenSubnets', i], 'is not a valid subnet or address');
  });
}

function checkDiscovery(r: DocReport, cluster: Record<string, unknown>): void {
  const discovery = record(cluster['discovery']);
  if (!discovery || !isTrue(discovery['enabled'])) return;
  const service = record(get(discovery, 'registries', 'service')) ?? {};
  if (isTrue(service['disabled'])) return;
  const path: PathSegment[] = ['cluster', 'discovery', 'registries', 'service', 'endpoint'];
  const endpoint = nonEmpty(service['endpoint'])
    ? (service['endpoint'] as string)
    : DEFAULT_DISCOVERY_ENDPOINT;
  try {
    const url = new URL(endpoint);
    if (url.pathname !== '' && url.pathname !== '/')
      r.error(path, 'the discovery service URL must not have a path');
  } catch {
    r.error(path, 'is not a valid URL');
  }
  if (!nonEmpty(cluster['id'])) r.error(['cluster', 'id'], 'is required by the cluster discovery service');
  if (!nonEmpty(cluster['secret']))
    r.error(['cluster', 'secret'], 'is required by the cluster discovery service');
}

function checkComponents(r: DocReport, cluster: Record<string, unknown>): void {
  for (const component of ['apiServer', 'controllerManager', 'scheduler']) {
    for (const section of ['requests', 'limits']) {
      for (const key of Object.keys(record(get(cluster, component, 'resources', section)) ?? {})) {
        if (key !== 'cpu' && key !== 'memory') {
          r.error(
            ['cluster', component, 'resources', section, key],
            'unsupported resource (only cpu and memory)',
          );
        }
      }
    }
  }
  if (get(cluster, 'apiServer', 'authorizationConfig') !== undefined) {
    for (const arg of Object.keys(record(get(cluster, 'apiServer', 'extraArgs')) ?? {})) {
      if (arg === 'authorization-mode' || arg.startsWith('authorization-webhook-')) {
        r.error(
          ['cluster', 'apiServer', 'extraArgs', arg],
          'cannot be used together with apiServer.authorizationConfig',
        );
      }
    }
  }
}

function checkManifests(r: DocReport, cluster: Record<string, unknown>): void {
  const names = new Set<string>();
  list(cluster['inlineManifests']).forEach((m, i) => {
    const name = str(get(m, 'name')) ?? '';
    if (name.trim() === '')
      r.error(['cluster', 'inlineManifests', i, 'name'], 'inline manifest name cannot be empty');
    else if (names.has(name))
      r.error(['cluster', 'inlineManifests', i, 'name'], 'duplicate inline manifest name');
    names.add(name);
  });
  const ecp = record(cluster['externalCloudProvider']);
  if (ecp) {
    const manifests = list(ecp['manifests']);
    if (!isTrue(ecp['enabled']) && manifests.length > 0) {
      r.error(
        ['cluster', 'externalCloudProvider'],
        'external cloud provider is disabled, but manifests are provided',
      );
    }
    manifests.forEach((u, i) => {
      const problem = typeof u === 'string' ? endpointProblem(u) : 'must be a URL';
      if (problem) r.error(['cluster', 'externalCloudProvider', 'manifests', i], problem);
    });
  }
}

/** Rules for the `cluster` section. */
export function checkClusterSection(
  r: DocReport,
  cfg: Record<string, unknown>,
  type: MachineType | undefined,
): void {
  const cluster = record(cfg['cluster']);
  if (!cluster) {
    r.error(['cluster'], 'cluster instructions are required');
    return;
  }
  const controlPlane = type === 'controlplane' || type === 'init';
  checkEndpoint(r, cluster);
  const dnsDomain = get(cluster, 'network', 'dnsDomain');
  if (nonEmpty(dnsDomain) && !isDNSName(dnsDomain as string))
    r.error(['cluster', 'network', 'dnsDomain'], 'is not a valid DNS name');
  if (type !== undefined) checkEtcd(r, cluster, controlPlane);
  checkDiscovery(r, cluster);
  checkComponents(r, cluster);
  checkManifests(r, cluster);
  if (type === 'worker' && nonEmpty(get(cluster, 'ca', 'key'))) {
    r.error(['cluster', 'ca', 'key'], 'the Kubernetes CA key is not allowed on worker nodes');
  }
  if (controlPlane) {
    checkCNI(r, cluster);
    const ca = record(cluster['ca']);
    if (!ca || !nonEmpty(ca['crt']) || !nonEmpty(ca['key'])) {
      r.warn(
        ['cluster', 'ca'],
        'the Kubernetes CA certificate and key are missing; control plane components cannot start',
      );
    }
  }
}
