// Every resource type the agent serves, and every namespace, in one list: our typed definitions,
// then every other Talos v1.13 type as a definition only (talosctl can name it; it has no resources).
import type { ResourceDefinition } from './definition';
import { MachineConfigDefinition } from './config/machine-config';
import { MachineTypeDefinition } from './config/machine-type';
import { NamespaceDefinition } from './meta/namespace';
import { ResourceDefinitionDefinition } from './meta/resource-definition';
import { APIServiceConfigDefinition } from './runtime/api-service-config';
import { MachineStatusDefinition } from './runtime/machine-status';
import { VersionDefinition } from './runtime/version';
import { MetaKeyDefinition } from './runtime/meta-key';
import { CPUStatsDefinition } from './perf/cpu-stats';
import { SecurityStateDefinition } from './runtime/security-state';
import { MemoryStatsDefinition } from './perf/memory-stats';
import { EtcdConfigDefinition } from './etcd/config';
import { EtcdSpecDefinition } from './etcd/spec';
import { EtcdMemberDefinition } from './etcd/member';
import { KubeletConfigDefinition } from './k8s/kubelet-config';
import { KubeletSpecDefinition } from './k8s/kubelet-spec';
import { NodenameDefinition } from './k8s/nodename';
import { NodeLabelSpecDefinition } from './k8s/node-label-spec';
import { NodeTaintSpecDefinition } from './k8s/node-taint-spec';
import { ManifestDefinition } from './k8s/manifest';
import { ManifestStatusDefinition } from './k8s/manifest-status';
import { SecretsStatusDefinition } from './k8s/secrets-status';
import { AdmissionControlConfigDefinition } from './k8s/admission-control-config';
import { APIServerConfigDefinition } from './k8s/apiserver-config';
import { AuditPolicyConfigDefinition } from './k8s/audit-policy-config';
import { AuthorizationConfigDefinition } from './k8s/authorization-config';
import { ConfigStatusDefinition } from './k8s/config-status';
import { ControllerManagerConfigDefinition } from './k8s/controller-manager-config';
import { SchedulerConfigDefinition } from './k8s/scheduler-config';
import { BootstrapManifestsConfigDefinition } from './k8s/bootstrap-manifests-config';
import { ExtraManifestsConfigDefinition } from './k8s/extra-manifests-config';
import { StaticPodDefinition } from './k8s/static-pod';
import { StaticPodStatusDefinition } from './k8s/static-pod-status';
import { EtcFileSpecDefinition } from './files/etc-file-spec';
import { EtcFileStatusDefinition } from './files/etc-file-status';
import { AddressSpecDefinition } from './network/address-spec';
import { AddressStatusDefinition } from './network/address-status';
import { HostnameSpecDefinition } from './network/hostname-spec';
import { LinkSpecDefinition } from './network/link-spec';
import { LinkStatusDefinition } from './network/link-status';
import { NetworkStatusDefinition } from './network/network-status';
import { NodeAddressDefinition } from './network/node-address';
import { OperatorSpecDefinition } from './network/operator-spec';
import { ResolverSpecDefinition } from './network/resolver-spec';
import { ResolverStatusDefinition } from './network/resolver-status';
import { RouteSpecDefinition } from './network/route-spec';
import { RouteStatusDefinition } from './network/route-status';
import { RoutingRuleSpecDefinition } from './network/routing-rule-spec';
import { RoutingRuleStatusDefinition } from './network/routing-rule-status';
import { HostnameStatusDefinition } from './network/hostname-status';
import { TimeServerSpecDefinition } from './network/time-server-spec';
import { TimeServerStatusDefinition } from './network/time-server-status';
import { TimeStatusDefinition } from './time/time-status';
import { ProbeSpecDefinition } from './network/probe-spec';
import { ProbeStatusDefinition } from './network/probe-status';
import { PlatformMetadataDefinition } from './runtime/platform-metadata';
import { SBOMItemDefinition } from './runtime/sbom-item';
import { APICertificatesDefinition } from './secrets/api-certificates';
import { CertSANsDefinition } from './secrets/cert-sans';
import { EtcdRootDefinition } from './secrets/etcd-root';
import { EtcdSecretsDefinition } from './secrets/etcd-secrets';
import { KubernetesRootDefinition } from './secrets/kubernetes-root';
import { KubernetesSecretsDefinition } from './secrets/kubernetes-secrets';
import { OSRootDefinition } from './secrets/os-root';
import { MaintenanceRootDefinition } from './secrets/maintenance-root';
import { KubernetesDynamicCertsDefinition } from './secrets/kubernetes-dynamic-certs';
import { ServiceDefinition } from './v1alpha1/service';
import { RegistriesConfigDefinition } from './cri/registries-config';
import { AffiliateDefinition } from './cluster/affiliate';
import { MemberDefinition } from './cluster/member';
import { ClusterInfoDefinition } from './cluster/info';
import { EndpointDefinition } from './k8s/endpoint';
import { BlockDeviceDefinition } from './block/block-device';
import { DiscoveredVolumeDefinition } from './block/discovered-volume';
import { DiskDefinition } from './block/disk';
import { MountStatusDefinition } from './block/mount-status';
import { SystemDiskDefinition } from './block/system-disk';
import { VolumeConfigDefinition } from './block/volume-config';
import { VolumeStatusDefinition } from './block/volume-status';
// Generated by scripts/gen-resource-table.mjs from the Talos v1.13 reference.
import TALOS_RESOURCE_TABLE from './talos-resource-table.json';

// The generic parameter is erased here: the registry is read for metadata and encoding only.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const TYPED_DEFINITIONS: readonly ResourceDefinition<any>[] = [
  ResourceDefinitionDefinition,
  NamespaceDefinition,
  VersionDefinition,
  MachineStatusDefinition,
  MetaKeyDefinition,
  CPUStatsDefinition,
  SecurityStateDefinition,
  MemoryStatsDefinition,
  APIServiceConfigDefinition,
  MachineConfigDefinition,
  MachineTypeDefinition,
  APICertificatesDefinition,
  HostnameSpecDefinition,
  HostnameStatusDefinition,
  TimeServerSpecDefinition,
  TimeServerStatusDefinition,
  TimeStatusDefinition,
  ProbeSpecDefinition,
  ProbeStatusDefinition,
  PlatformMetadataDefinition,
  SBOMItemDefinition,
  LinkSpecDefinition,
  LinkStatusDefinition,
  AddressSpecDefinition,
  AddressStatusDefinition,
  RouteSpecDefinition,
  RouteStatusDefinition,
  RoutingRuleSpecDefinition,
  RoutingRuleStatusDefinition,
  ResolverSpecDefinition,
  ResolverStatusDefinition,
  OperatorSpecDefinition,
  NodeAddressDefinition,
  NetworkStatusDefinition,
  EtcFileSpecDefinition,
  EtcFileStatusDefinition,
  NodenameDefinition,
  NodeLabelSpecDefinition,
  NodeTaintSpecDefinition,
  KubeletConfigDefinition,
  KubeletSpecDefinition,
  EtcdRootDefinition,
  EtcdSecretsDefinition,
  KubernetesRootDefinition,
  KubernetesSecretsDefinition,
  EtcdConfigDefinition,
  EtcdSpecDefinition,
  EtcdMemberDefinition,
  StaticPodDefinition,
  StaticPodStatusDefinition,
  ManifestDefinition,
  ManifestStatusDefinition,
  SecretsStatusDefinition,
  APIServerConfigDefinition,
  AdmissionControlConfigDefinition,
  AuditPolicyConfigDefinition,
  AuthorizationConfigDefinition,
  ControllerManagerConfigDefinition,
  SchedulerConfigDefinition,
  ConfigStatusDefinition,
  BootstrapManifestsConfigDefinition,
  ExtraManifestsConfigDefinition,
  KubernetesDynamicCertsDefinition,
  CertSANsDefinition,
  OSRootDefinition,
  MaintenanceRootDefinition,
  ServiceDefinition,
  RegistriesConfigDefinition,
  AffiliateDefinition,
  MemberDefinition,
  ClusterInfoDefinition,
  EndpointDefinition,
  DiskDefinition,
  BlockDeviceDefinition,
  DiscoveredVolumeDefinition,
  SystemDiskDefinition,
  VolumeConfigDefinition,
  VolumeStatusDefinition,
  MountStatusDefinition,
];

const typed = new Set(TYPED_DEFINITIONS.map((d) => d.type));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition<any>[] = [
  ...TYPED_DEFINITIONS,
  ...(TALOS_RESOURCE_TABLE as readonly ResourceDefinition[])
    .filter((d) => !typed.has(d.type))
    .map((d) => Object.freeze(d)),
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
