// k8s.KubeletConfigController: KubeletConfig ("kubelet" in `k8s`) from `machine.kubelet` and
// `cluster.network` on every node with a config: image, cluster DNS and domain, extra args/mounts/config.
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import { nthIP } from '../../src/k8s/service-ips';
import type { MachineConfig } from '../../src/config';
import type { ExtraArgs } from '../../src/resources/etcd/config';
import { KUBELET_CONFIG, type KubeletConfigSpec } from '../../src/resources/k8s/kubelet-config';
import type { Mount } from '../../src/resources/k8s/struct';
import { DEFAULT_DNS_DOMAIN, DEFAULT_KUBELET_IMAGE, DEFAULT_SERVICE_SUBNET } from '../../src/k8s/defaults';

export class KubeletConfigController extends derivedController(
  'k8s.KubeletConfigController',
  MACHINE_CONFIG,
  KUBELET_CONFIG,
  ({ config }: MachineConfigSpec) => kubeletConfig(config),
) {}

/** Talos `DNSServiceIPs()`: the 10th address of each service subnet. */
export function dnsServiceIPs(subnets: readonly string[] | undefined): string[] {
  const list = subnets && subnets.length > 0 ? subnets : [DEFAULT_SERVICE_SUBNET];
  return list
    .join(',')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => nthIP(s, 10));
}

/** The spec for a config with machine and cluster sections; undefined otherwise. */
export function kubeletConfig(config: MachineConfig): KubeletConfigSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const kubelet = v1.machine.kubelet ?? {};
  const cluster = v1.cluster;
  const extraArgs: ExtraArgs = {};
  for (const [k, v] of Object.entries(kubelet.extraArgs ?? {}))
    extraArgs[k] = { values: Array.isArray(v) ? v.map(String) : [String(v)] };
  const clusterDNS = kubelet.clusterDNS ?? [];
  return {
    image: kubelet.image || DEFAULT_KUBELET_IMAGE,
    clusterDNS: clusterDNS.length > 0 ? [...clusterDNS] : dnsServiceIPs(cluster.network?.serviceSubnets),
    clusterDomain: cluster.network?.dnsDomain || DEFAULT_DNS_DOMAIN,
    extraArgs,
    extraMounts: (kubelet.extraMounts ?? []).map(toMount),
    extraConfig: structuredClone(kubelet.extraConfig ?? {}),
    cloudProviderExternal: cluster.externalCloudProvider?.enabled === true,
    defaultRuntimeSeccompEnabled: kubelet.defaultRuntimeSeccompProfileEnabled === true,
    skipNodeRegistration: kubelet.skipNodeRegistration === true,
    // Talos takes this from StaticPodServerStatus, which this agent does not have yet.
    staticPodListURL: '',
    disableManifestsDirectory: kubelet.disableManifestsDirectory === true,
    enableFSQuotaMonitoring: v1.machine.features?.diskQuotaSupport === true,
    ...(kubelet.credentialProviderConfig
      ? { credentialProviderConfig: structuredClone(kubelet.credentialProviderConfig) }
      : {}),
    allowSchedulingOnControlPlane:
      (cluster.allowSchedulingOnControlPlanes ?? cluster.allowSchedulingOnMasters) === true,
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function toMount(m: Record<string, unknown>): Mount {
  const options = Array.isArray(m['options']) ? m['options'].map(String) : undefined;
  return {
    destination: str(m['destination']) ?? '',
    ...(str(m['type']) !== undefined ? { type: str(m['type']) } : {}),
    ...(str(m['source']) !== undefined ? { source: str(m['source']) } : {}),
    ...(options ? { options } : {}),
  };
}
