// k8s.ControlPlaneBootstrapManifestsController: BootstrapManifestsConfig ("manifests" in `controlplane`)
// from a control-plane machine config: which bootstrap add-ons run (kube-proxy, CoreDNS, flannel), their
// images and flags, the pod CIDRs, the DNS service addresses and the API server URL in-cluster agents use.
// Removed on other nodes and without a config.
import { isIPv4, isIPv6 } from 'node:net';
import type { MachineConfig } from '../../src/config';
import type { ExtraArgs } from '../../src/config/v1alpha1-types';
import {
  BOOTSTRAP_MANIFESTS_CONFIG,
  type BootstrapManifestsConfigSpec,
} from '../../src/resources/k8s/bootstrap-manifests-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import { nthIP } from '../../src/k8s/service-ips';
import { ExtraArgDeniedError } from '../../src/config/errors';
import {
  DEFAULT_COREDNS_IMAGE,
  DEFAULT_DNS_DOMAIN,
  DEFAULT_KUBEPRISM_PORT,
  DEFAULT_POD_SUBNET,
  DEFAULT_PROXY_IMAGE,
  DEFAULT_SERVICE_SUBNET,
  FLANNEL_IMAGE,
  KUBE_NETWORK_POLICIES_IMAGE,
} from '../../src/k8s/defaults';

const FLANNEL = 'flannel';

export class ControlPlaneBootstrapManifestsController extends derivedController(
  'k8s.ControlPlaneBootstrapManifestsController',
  MACHINE_CONFIG,
  BOOTSTRAP_MANIFESTS_CONFIG,
  ({ config }: MachineConfigSpec) => bootstrapManifestsConfig(config),
) {}

/** The tag's version is 1.31 or newer (Talos `kubernetes.VersionGTE`, pre-release ignored). */
export function imageAtLeast(image: string, major: number, minor: number): boolean {
  const ref = image.split('@')[0] ?? '';
  const colon = ref.lastIndexOf(':');
  if (colon < 0 || colon < ref.lastIndexOf('/')) return false;
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?$/.exec(ref.slice(colon + 1).trim());
  if (!m) return false;
  const [maj, min] = [Number(m[1]), Number(m[2] ?? 0)];
  return maj > major || (maj === major && min >= minor);
}

const values = (v: string | string[]): string[] => (Array.isArray(v) ? [...v] : [v]);

/** kube-proxy's flags: Talos's defaults overwritten by `proxy.extraArgs` (kubeconfig may not be set). */
export function proxyArgs(
  image: string,
  mode: string | undefined,
  podCIDRs: string[],
  extra: ExtraArgs,
): string[] {
  const args = new Map<string, string[]>([
    ['cluster-cidr', [podCIDRs.join(',')]],
    ['hostname-override', ['$(NODE_NAME)']],
    ['kubeconfig', ['/etc/kubernetes/kubeconfig']],
    ['proxy-mode', [mode || (imageAtLeast(image, 1, 31) ? 'nftables' : 'iptables')]],
    ['conntrack-max-per-core', ['0']],
  ]);
  for (const [k, v] of Object.entries(extra)) {
    if (k === 'kubeconfig') throw new ExtraArgDeniedError(k);
    args.set(k, values(v));
  }
  const keys = [...args.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.flatMap((k) => (args.get(k) ?? []).map((v) => `--${k}=${v}`));
}

/** The 10th address of each service subnet; Talos keeps the first IPv4 and the first IPv6 one. */
export function dnsServiceIPs(serviceSubnets: readonly string[]): { v4: string; v6: string } {
  const ips = serviceSubnets
    .join(',')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => nthIP(s, 10));
  return { v4: ips.find((ip) => isIPv4(ip)) ?? '', v6: ips.find((ip) => isIPv6(ip)) ?? '' };
}

/** The spec for a control-plane config; undefined for any other node. */
export function bootstrapManifestsConfig(config: MachineConfig): BootstrapManifestsConfigSpec | undefined {
  const v1 = config.v1alpha1();
  if (!v1?.machine || !v1.cluster) return undefined;
  const type = config.machineType();
  if (type !== 'controlplane' && type !== 'init') return undefined;
  const c = v1.cluster;
  const features = v1.machine.features;

  const network = c.network;
  const podCIDRs = network?.podSubnets?.length ? [...network.podSubnets] : [DEFAULT_POD_SUBNET];
  const serviceCIDRs = network?.serviceSubnets?.length ? network.serviceSubnets : [DEFAULT_SERVICE_SUBNET];
  const dns = dnsServiceIPs(serviceCIDRs);
  // Without a `cni` section Talos runs flannel; a section without a name means no CNI of Talos's.
  const cni = network?.cni;
  const cniName = cni ? (cni.name ?? '') : FLANNEL;
  const flannel = (cni?.flannel ?? {}) as { extraArgs?: string[]; kubeNetworkPoliciesEnabled?: boolean };

  const proxyImage = c.proxy?.image || DEFAULT_PROXY_IMAGE;
  const prism = features?.kubePrism;
  const prismPort = prism?.port || DEFAULT_KUBEPRISM_PORT;
  const prismEnabled = prism?.enabled === true;

  return {
    server: prismEnabled ? `https://127.0.0.1:${prismPort}` : (c.controlPlane?.endpoint ?? ''),
    clusterDomain: network?.dnsDomain || DEFAULT_DNS_DOMAIN,
    podCIDRs,
    proxyEnabled: c.proxy?.disabled !== true,
    proxyImage,
    proxyArgs: proxyArgs(proxyImage, c.proxy?.mode, podCIDRs, c.proxy?.extraArgs ?? {}),
    coreDNSEnabled: c.coreDNS?.disabled !== true,
    coreDNSImage: c.coreDNS?.image || DEFAULT_COREDNS_IMAGE,
    dnsServiceIP: dns.v4,
    dnsServiceIPv6: dns.v6,
    flannelEnabled: cniName === FLANNEL,
    flannelImage: FLANNEL_IMAGE,
    flannelExtraArgs: [...(flannel.extraArgs ?? [])],
    flannelKubeServiceHost: prismEnabled ? '127.0.0.1' : '',
    flannelKubeServicePort: prismEnabled ? String(prismPort) : '',
    flannelKubeNetworkPoliciesEnabled: flannel.kubeNetworkPoliciesEnabled === true,
    flannelKubeNetworkPoliciesImage: KUBE_NETWORK_POLICIES_IMAGE,
    podSecurityPolicyEnabled: false,
    talosAPIServiceEnabled: features?.kubernetesTalosAPIAccess?.enabled === true,
    cniName,
  };
}
