// Machine configuration generation (v1alpha1 + HostnameConfig), reproducing the documents
// `talosctl gen config` v1.13 produces for the current version contract
// (Talos pkg/machinery/config/generate/{init,controlplane,worker,network}.go).
//
// No comments are written. With `withDocs: true` (the default, like talosctl) the key set equals what
// talosctl writes by default once its comments are stripped; with `withDocs: false` the output is what
// `talosctl gen config --with-docs=false --with-examples=false` writes.

import type { SecretsBundle, PemCertAndKey } from './secrets-bundle';
import { toGoYamlMultiDoc } from './yaml-style';
import {
  DEFAULT_DNS_DOMAIN,
  DEFAULT_KUBEPRISM_PORT,
  DEFAULT_KUBERNETES_VERSION,
  DEFAULT_POD_SUBNET,
  DEFAULT_SERVICE_SUBNET,
} from '../../k8s/defaults';

/** Talos version these defaults come from */
export const TALOS_VERSION = 'v1.13.9';
/** talosctl's --install-image default: ghcr.io/siderolabs/installer:<talos tag> */
export const DEFAULT_INSTALLER_IMAGE = `ghcr.io/siderolabs/installer:${TALOS_VERSION}`;
/** talosctl's --install-disk default */
export const DEFAULT_INSTALL_DISK = '/dev/sda';

export const IMAGES = {
  kubelet: 'ghcr.io/siderolabs/kubelet',
  apiServer: 'registry.k8s.io/kube-apiserver',
  controllerManager: 'registry.k8s.io/kube-controller-manager',
  proxy: 'registry.k8s.io/kube-proxy',
  scheduler: 'registry.k8s.io/kube-scheduler',
} as const;

export type MachineType = 'init' | 'controlplane' | 'worker';

export interface ConfigOptions {
  clusterName: string;
  /** Kubernetes API endpoint URL (https://host:port), written to cluster.controlPlane.endpoint */
  endpoint: string;
  secrets: SecretsBundle;
  /** default DEFAULT_KUBERNETES_VERSION; a leading "v" is dropped; "" leaves all images unset */
  kubernetesVersion?: string;
  /** default '/dev/sda'; "" omits machine.install.disk */
  installDisk?: string;
  /** default DEFAULT_INSTALLER_IMAGE; "" omits machine.install.image */
  installImage?: string;
  installExtraKernelArgs?: string[];
  /** extra SANs: machine.certSANs and cluster.apiServer.certSANs */
  additionalSANs?: string[];
  /** default 'cluster.local' */
  dnsDomain?: string;
  /** default false */
  debug?: boolean;
  /** cluster discovery; default true */
  discovery?: boolean;
  allowSchedulingOnControlPlanes?: boolean;
  /** cluster.controlPlane.localAPIServerPort (omitted when unset/0) */
  localAPIServerPort?: number;
  /** `--registry-mirror`: registry host → mirror endpoints (RegistryMirrorConfig documents) */
  registryMirrors?: Readonly<Record<string, readonly string[]>>;
  /** KubePrism port; default 7445; 0 disables (features.kubePrism omitted) */
  kubePrismPort?: number;
  /** key layout of talosctl with docs/examples on (default true); see module comment */
  withDocs?: boolean;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
const pair = (p: PemCertAndKey, withKey = true): { crt: string; key: string } => ({
  crt: b64(p.crt),
  key: withKey ? b64(p.key) : '',
});

function image(repo: string, version: string): string | undefined {
  return version === '' ? undefined : `${repo}:v${version}`;
}

/** Drops keys whose value is undefined, keeping insertion order. */
function compact<T extends Record<string, unknown>>(obj: T): T {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj;
}

function podSecurityAdmission(): Record<string, unknown>[] {
  return [
    {
      name: 'PodSecurity',
      configuration: {
        apiVersion: 'pod-security.admission.config.k8s.io/v1alpha1',
        defaults: {
          audit: 'restricted',
          'audit-version': 'latest',
          enforce: 'baseline',
          'enforce-version': 'latest',
          warn: 'restricted',
          'warn-version': 'latest',
        },
        exemptions: { namespaces: ['kube-system'], runtimeClasses: [], usernames: [] },
        kind: 'PodSecurityConfiguration',
      },
    },
  ];
}

function defaultAuditPolicy(): Record<string, unknown> {
  return { apiVersion: 'audit.k8s.io/v1', kind: 'Policy', rules: [{ level: 'Metadata' }] };
}

interface Resolved {
  k8s: string;
  installDisk: string;
  installImage: string;
  dnsDomain: string;
  sans: string[];
  discovery: boolean;
  kubePrismPort: number;
  withDocs: boolean;
}

function resolve(opts: ConfigOptions): Resolved {
  return {
    k8s: (opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION).replace(/^v/, ''),
    installDisk: opts.installDisk ?? DEFAULT_INSTALL_DISK,
    installImage: opts.installImage ?? DEFAULT_INSTALLER_IMAGE,
    dnsDomain: opts.dnsDomain ?? DEFAULT_DNS_DOMAIN,
    sans: [...(opts.additionalSANs ?? [])],
    discovery: opts.discovery ?? true,
    kubePrismPort: opts.kubePrismPort ?? DEFAULT_KUBEPRISM_PORT,
    withDocs: opts.withDocs ?? true,
  };
}

function machineSection(type: MachineType, opts: ConfigOptions, r: Resolved): Record<string, unknown> {
  const isWorker = type === 'worker';
  const install = compact({
    disk: r.installDisk || undefined,
    extraKernelArgs: opts.installExtraKernelArgs?.length ? [...opts.installExtraKernelArgs] : undefined,
    image: r.installImage || undefined,
    wipe: false,
    grubUseUKICmdline: true,
  });
  const features = compact({
    diskQuotaSupport: true,
    kubePrism: r.kubePrismPort > 0 ? { enabled: true, port: r.kubePrismPort } : undefined,
    hostDNS: { enabled: true, forwardKubeDNSToHost: true },
  });
  return compact({
    type,
    token: opts.secrets.trustdInfo.token,
    ca: pair(opts.secrets.certs.os, !isWorker),
    certSANs: [...r.sans],
    kubelet: compact({
      image: image(IMAGES.kubelet, r.k8s),
      defaultRuntimeSeccompProfileEnabled: true,
      disableManifestsDirectory: true,
    }),
    install,
    // talosctl's documented encoder keeps the worker's (empty, non-nil) registry mirrors map as "registries: {}"
    registries: isWorker && r.withDocs ? {} : undefined,
    features,
    nodeLabels: isWorker ? undefined : { 'node.kubernetes.io/exclude-from-external-load-balancers': '' },
  });
}

function discoverySection(r: Resolved): Record<string, unknown> {
  return { enabled: r.discovery, registries: { kubernetes: { disabled: true }, service: {} } };
}

function networkSection(r: Resolved): Record<string, unknown> {
  return {
    dnsDomain: r.dnsDomain,
    podSubnets: [DEFAULT_POD_SUBNET],
    serviceSubnets: [DEFAULT_SERVICE_SUBNET],
  };
}

function controlPlaneClusterSection(opts: ConfigOptions, r: Resolved): Record<string, unknown> {
  const s = opts.secrets;
  return compact({
    id: s.cluster.id,
    secret: s.cluster.secret,
    controlPlane: compact({
      endpoint: opts.endpoint,
      localAPIServerPort: opts.localAPIServerPort || undefined,
    }),
    clusterName: opts.clusterName || undefined,
    network: networkSection(r),
    token: s.secrets.bootstrapToken,
    secretboxEncryptionSecret: s.secrets.secretboxEncryptionSecret || undefined,
    ca: pair(s.certs.k8s),
    aggregatorCA: pair(s.certs.k8sAggregator),
    serviceAccount: { key: b64(s.certs.k8sServiceAccount.key) },
    apiServer: compact({
      image: image(IMAGES.apiServer, r.k8s),
      certSANs: r.sans.length > 0 ? [...r.sans] : undefined,
      admissionControl: podSecurityAdmission(),
      auditPolicy: defaultAuditPolicy(),
    }),
    controllerManager: compact({ image: image(IMAGES.controllerManager, r.k8s) }),
    proxy: compact({ image: image(IMAGES.proxy, r.k8s) }),
    scheduler: compact({ image: image(IMAGES.scheduler, r.k8s) }),
    discovery: discoverySection(r),
    etcd: { ca: pair(s.certs.etcd) },
    extraManifests: r.withDocs ? [] : undefined,
    inlineManifests: r.withDocs ? [] : undefined,
    allowSchedulingOnControlPlanes: opts.allowSchedulingOnControlPlanes ? true : undefined,
  });
}

function workerClusterSection(opts: ConfigOptions, r: Resolved): Record<string, unknown> {
  const s = opts.secrets;
  return compact({
    id: s.cluster.id,
    secret: s.cluster.secret,
    controlPlane: { endpoint: opts.endpoint },
    clusterName: opts.clusterName || undefined,
    network: networkSection(r),
    token: s.secrets.bootstrapToken,
    ca: pair(s.certs.k8s, false),
    discovery: discoverySection(r),
  });
}

/** The configuration documents for one machine type, as plain objects in output order. */
export function generateMachineConfigDocuments(
  type: MachineType,
  opts: ConfigOptions,
): Record<string, unknown>[] {
  const r = resolve(opts);
  const v1alpha1 = {
    version: 'v1alpha1',
    debug: opts.debug ?? false,
    persist: true,
    machine: machineSection(type, opts, r),
    cluster: type === 'worker' ? workerClusterSection(opts, r) : controlPlaneClusterSection(opts, r),
  };
  // As talosctl for a v1.13 contract: one RegistryMirrorConfig per registry, by name, before the network ones.
  const mirrors = Object.entries(opts.registryMirrors ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, endpoints]) => ({
      apiVersion: 'v1alpha1',
      kind: 'RegistryMirrorConfig',
      name,
      endpoints: endpoints.map((url) => ({ url })),
    }));
  const hostname = { apiVersion: 'v1alpha1', kind: 'HostnameConfig', auto: 'stable' };
  return [v1alpha1, ...mirrors, hostname];
}

/** controlplane.yaml / worker.yaml / init.yaml text. */
export function generateMachineConfig(type: MachineType, opts: ConfigOptions): string {
  return toGoYamlMultiDoc(generateMachineConfigDocuments(type, opts));
}
