// BootstrapManifestsConfigs.kubernetes.talos.dev: what the bootstrap manifests (CoreDNS, kube-proxy,
// flannel, RBAC...) are rendered from, derived from a control-plane machine config (id "manifests",
// in `controlplane`).
import { defineResource, pointerTo } from '../definition';

export const BOOTSTRAP_MANIFESTS_CONFIG_ID = 'manifests';

export interface BootstrapManifestsConfigSpec {
  /** The API server URL in-cluster components use (KubePrism when enabled, else the endpoint). */
  server: string;
  clusterDomain: string;
  podCIDRs: string[];
  proxyEnabled: boolean;
  proxyImage: string;
  proxyArgs: string[];
  coreDNSEnabled: boolean;
  coreDNSImage: string;
  /** The first IPv4 / IPv6 DNS service address (10th address of a service subnet); "" when none. */
  dnsServiceIP: string;
  dnsServiceIPv6: string;
  flannelEnabled: boolean;
  flannelImage: string;
  flannelExtraArgs: string[];
  flannelKubeServiceHost: string;
  flannelKubeServicePort: string;
  flannelKubeNetworkPoliciesEnabled: boolean;
  flannelKubeNetworkPoliciesImage: string;
  podSecurityPolicyEnabled: boolean;
  talosAPIServiceEnabled: boolean;
  cniName: string;
}

export const BootstrapManifestsConfigDefinition = defineResource<BootstrapManifestsConfigSpec>({
  type: 'BootstrapManifestsConfigs.kubernetes.talos.dev',
  defaultNamespace: 'controlplane',
  protoSpec: 'talos.resource.definitions.k8s.BootstrapManifestsConfigSpec',
  toProto: (s) => ({
    server: s.server,
    cluster_domain: s.clusterDomain,
    pod_cid_rs: s.podCIDRs,
    proxy_enabled: s.proxyEnabled,
    proxy_image: s.proxyImage,
    proxy_args: s.proxyArgs,
    core_dns_enabled: s.coreDNSEnabled,
    core_dns_image: s.coreDNSImage,
    dns_service_ip: s.dnsServiceIP,
    dns_service_i_pv6: s.dnsServiceIPv6,
    flannel_enabled: s.flannelEnabled,
    flannel_image: s.flannelImage,
    pod_security_policy_enabled: s.podSecurityPolicyEnabled,
    talos_api_service_enabled: s.talosAPIServiceEnabled,
    flannel_extra_args: s.flannelExtraArgs,
    flannel_kube_service_host: s.flannelKubeServiceHost,
    flannel_kube_service_port: s.flannelKubeServicePort,
    flannel_kube_network_policies_enabled: s.flannelKubeNetworkPoliciesEnabled,
    flannel_kube_network_policies_image: s.flannelKubeNetworkPoliciesImage,
    cni_name: s.cniName,
  }),
  // Talos's YAML keys, in struct order; the server's key is "string" there (sic).
  toYAML: (s) => ({
    string: s.server,
    clusterDomain: s.clusterDomain,
    podCIDRs: s.podCIDRs,
    proxyEnabled: s.proxyEnabled,
    proxyImage: s.proxyImage,
    proxyArgs: s.proxyArgs,
    coreDNSEnabled: s.coreDNSEnabled,
    coreDNSImage: s.coreDNSImage,
    dnsServiceIP: s.dnsServiceIP,
    dnsServiceIPv6: s.dnsServiceIPv6,
    flannelEnabled: s.flannelEnabled,
    flannelImage: s.flannelImage,
    flannelExtraArgs: s.flannelExtraArgs,
    flannelKubeServiceHost: s.flannelKubeServiceHost,
    flannelKubeServicePort: s.flannelKubeServicePort,
    flannelKubeNetworkPoliciesEnabled: s.flannelKubeNetworkPoliciesEnabled,
    flannelKubeNetworkPoliciesImage: s.flannelKubeNetworkPoliciesImage,
    podSecurityPolicyEnabled: s.podSecurityPolicyEnabled,
    talosAPIServiceEnabled: s.talosAPIServiceEnabled,
    cniName: s.cniName,
  }),
});

export const BOOTSTRAP_MANIFESTS_CONFIG = pointerTo(
  BootstrapManifestsConfigDefinition,
  BOOTSTRAP_MANIFESTS_CONFIG_ID,
);
