// Every resource type the agent serves, and every namespace, in one list.
import type { ResourceDefinition } from './definition';
import { MachineConfigDefinition } from './config/machine-config';
import { MachineTypeDefinition } from './config/machine-type';
import { NamespaceDefinition } from './meta/namespace';
import { ResourceDefinitionDefinition } from './meta/resource-definition';
import { APIServiceConfigDefinition } from './runtime/api-service-config';
import { MachineStatusDefinition } from './runtime/machine-status';
import { VersionDefinition } from './runtime/version';
import { APICertificatesDefinition } from './secrets/api-certificates';

// The generic parameter is erased here: the registry is read for metadata and encoding only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition<any>[] = [
  ResourceDefinitionDefinition,
  NamespaceDefinition,
  VersionDefinition,
  MachineStatusDefinition,
  APIServiceConfigDefinition,
  MachineConfigDefinition,
  MachineTypeDefinition,
  APICertificatesDefinition,
];

export const NAMESPACES: Readonly<Record<string, string>> = {
  meta: 'Resource and namespace definitions.',
  runtime: 'Runtime state of the machine and glue between its subsystems.',
  config: 'The machine configuration.',
  cluster: 'Cluster membership and discovery.',
  'cluster-raw': 'Cluster discovery data before merging.',
  etcd: 'etcd.',
  files: 'Files the machine writes.',
  hardware: 'Hardware facts.',
  k8s: 'Kubernetes, on every node.',
  controlplane: 'Kubernetes control plane.',
  kubespan: 'KubeSpan.',
  network: 'Networking state.',
  'network-config': 'Networking configuration.',
  cri: 'CRI seccomp profiles.',
  secrets: 'Secret material: keys and certificates.',
  security: 'Security state.',
  perf: 'Statistics.',
};

const byType = new Map(RESOURCE_DEFINITIONS.map((d) => [d.type, d]));

export function findResourceDefinition(type: string): ResourceDefinition<unknown> | undefined {
  return byType.get(type);
}
