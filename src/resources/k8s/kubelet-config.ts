// KubeletConfigs.kubernetes.talos.dev: the kubelet's settings from the machine config (id "kubelet").
import { defineResource, pointerTo } from '../definition';
import { sortedArgs, type ExtraArgs } from '../etcd/config';
import { mountToProto, sortKeys, toStruct, type Mount } from './struct';

export const KUBELET_ID = 'kubelet';

export interface KubeletConfigSpec {
  image: string;
  clusterDNS: string[];
  clusterDomain: string;
  extraArgs: ExtraArgs;
  extraMounts: Mount[];
  extraConfig: Record<string, unknown>;
  cloudProviderExternal: boolean;
  defaultRuntimeSeccompEnabled: boolean;
  skipNodeRegistration: boolean;
  staticPodListURL: string;
  disableManifestsDirectory: boolean;
  enableFSQuotaMonitoring: boolean;
  credentialProviderConfig?: Record<string, unknown>;
  allowSchedulingOnControlPlane: boolean;
}

const nonEmpty = <T>(key: string, v: T[] | Record<string, unknown> | undefined) =>
  v !== undefined && Object.keys(v).length > 0 ? { [key]: v } : {};

export const KubeletConfigDefinition = defineResource<KubeletConfigSpec>({
  type: 'KubeletConfigs.kubernetes.talos.dev',
  defaultNamespace: 'k8s',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.KubeletConfigSpec',
  toProto: (s) => ({
    image: s.image,
    cluster_dns: s.clusterDNS,
    cluster_domain: s.clusterDomain,
    extra_mounts: s.extraMounts.map(mountToProto),
    ...(Object.keys(s.extraConfig).length > 0 ? { extra_config: toStruct(s.extraConfig) } : {}),
    cloud_provider_external: s.cloudProviderExternal,
    default_runtime_seccomp_enabled: s.defaultRuntimeSeccompEnabled,
    skip_node_registration: s.skipNodeRegistration,
    static_pod_list_url: s.staticPodListURL,
    disable_manifests_directory: s.disableManifestsDirectory,
    enable_fs_quota_monitoring: s.enableFSQuotaMonitoring,
    ...(s.credentialProviderConfig
      ? { credential_provider_config: toStruct(s.credentialProviderConfig) }
      : {}),
    allow_scheduling_on_control_plane: s.allowSchedulingOnControlPlane,
    extra_args: s.extraArgs,
  }),
  // Talos's field order and `omitempty`s.
  toYAML: (s) => ({
    image: s.image,
    clusterDNS: s.clusterDNS,
    clusterDomain: s.clusterDomain,
    ...nonEmpty('extraArgs', sortedArgs(s.extraArgs)),
    ...nonEmpty('extraMounts', s.extraMounts),
    ...nonEmpty('extraConfig', sortKeys(s.extraConfig) as Record<string, unknown>),
    cloudProviderExternal: s.cloudProviderExternal,
    defaultRuntimeSeccompEnabled: s.defaultRuntimeSeccompEnabled,
    skipNodeRegistration: s.skipNodeRegistration,
    staticPodListURL: s.staticPodListURL,
    disableManifestsDirectory: s.disableManifestsDirectory,
    enableFSQuotaMonitoring: s.enableFSQuotaMonitoring,
    ...nonEmpty('credentialProviderConfig', sortKeys(s.credentialProviderConfig) as Record<string, unknown>),
    allowSchedulingOnControlPlane: s.allowSchedulingOnControlPlane,
  }),
});

export const KUBELET_CONFIG = pointerTo(KubeletConfigDefinition, KUBELET_ID);
