// Plain-data shape of the legacy `v1alpha1` machine config document, as decoded from YAML.
//
// Field names and types follow the Talos v1.13 config schema. The machine and cluster sections are
// typed one or two levels deep; deeper or free-form sections are `Record<string, unknown>`.
// Certificate and key fields hold the base64 text found in the config (see MachineConfig for
// decoded accessors).

type Unstructured = Record<string, unknown>;
type StringMap = Record<string, string>;

/** Base64-encoded PEM certificate and (optionally) key, as written in the config. */
export interface PemCertificateAndKey {
  crt?: string;
  key?: string;
}

export interface PemCertificate {
  crt?: string;
}

/** Kubernetes-style extra arguments: a string or a list of strings per flag. */
export type ExtraArgs = Record<string, string | string[]>;

export interface KubeletSection {
  image?: string;
  clusterDNS?: string[];
  extraArgs?: ExtraArgs;
  extraMounts?: Unstructured[];
  extraConfig?: Unstructured;
  credentialProviderConfig?: Unstructured;
  defaultRuntimeSeccompProfileEnabled?: boolean;
  registerWithFQDN?: boolean;
  nodeIP?: { validSubnets?: string[] };
  skipNodeRegistration?: boolean;
  disableManifestsDirectory?: boolean;
}

/** Legacy `machine.network` (still decoded by Talos v1.13). */
export interface MachineNetworkSection {
  hostname?: string;
  interfaces?: Unstructured[];
  nameservers?: string[];
  searchDomains?: string[];
  extraHostEntries?: Array<{ ip?: string; aliases?: string[] }>;
  kubespan?: Unstructured;
  disableSearchDomain?: boolean;
}

export interface InstallSection {
  disk?: string;
  diskSelector?: Unstructured;
  extraKernelArgs?: string[];
  image?: string;
  extensions?: Array<{ image?: string }>;
  bootloader?: boolean;
  wipe?: boolean;
  legacyBIOSSupport?: boolean;
  grubUseUKICmdline?: boolean;
}

export interface MachineFile {
  content?: string;
  permissions?: number;
  path?: string;
  op?: 'create' | 'append' | 'overwrite';
}

export interface FeaturesSection {
  rbac?: boolean;
  stableHostname?: boolean;
  apidCheckExtKeyUsage?: boolean;
  kubernetesTalosAPIAccess?: {
    enabled?: boolean;
    allowedRoles?: string[];
    allowedKubernetesNamespaces?: string[];
  };
  diskQuotaSupport?: boolean;
  kubePrism?: { enabled?: boolean; port?: number };
  hostDNS?: { enabled?: boolean; forwardKubeDNSToHost?: boolean; resolveMemberNames?: boolean };
  imageCache?: { localEnabled?: boolean };
  nodeAddressSortAlgorithm?: string;
}

export interface MachineSection {
  type?: string;
  token?: string;
  ca?: PemCertificateAndKey;
  acceptedCAs?: PemCertificate[];
  certSANs?: string[];
  controlPlane?: { controllerManager?: { disabled?: boolean }; scheduler?: { disabled?: boolean } };
  kubelet?: KubeletSection;
  pods?: Unstructured[];
  network?: MachineNetworkSection;
  disks?: Array<{ device?: string; partitions?: Array<{ size?: string | number; mountpoint?: string }> }>;
  install?: InstallSection;
  files?: MachineFile[];
  env?: StringMap;
  time?: { disabled?: boolean; servers?: string[]; bootTimeout?: string };
  sysctls?: StringMap;
  sysfs?: StringMap;
  registries?: { mirrors?: Record<string, Unstructured>; config?: Record<string, Unstructured> };
  systemDiskEncryption?: { state?: Unstructured; ephemeral?: Unstructured };
  features?: FeaturesSection;
  udev?: { rules?: string[] };
  logging?: { destinations?: Array<{ endpoint?: string; format?: string; extraTags?: StringMap }> };
  kernel?: { modules?: Array<{ name?: string; parameters?: string[] }> };
  seccompProfiles?: Array<{ name?: string; value?: Unstructured }>;
  baseRuntimeSpecOverrides?: Unstructured;
  nodeLabels?: StringMap;
  nodeAnnotations?: StringMap;
  nodeTaints?: StringMap;
}

/** Common shape of the control plane component sections. */
export interface ComponentSection {
  image?: string;
  extraArgs?: ExtraArgs;
  extraVolumes?: Array<{ hostPath?: string; mountPath?: string; readonly?: boolean }>;
  env?: StringMap;
  resources?: Unstructured;
}

export interface APIServerSection extends ComponentSection {
  certSANs?: string[];
  disablePodSecurityPolicy?: boolean;
  admissionControl?: Array<{ name?: string; configuration?: Unstructured }>;
  auditPolicy?: Unstructured;
  authorizationConfig?: Unstructured[];
}

export interface EtcdSection {
  image?: string;
  ca?: PemCertificateAndKey;
  extraArgs?: ExtraArgs;
  subnet?: string;
  advertisedSubnets?: string[];
  listenSubnets?: string[];
}

export interface ClusterNetworkSection {
  cni?: { name?: 'flannel' | 'custom' | 'none'; urls?: string[]; flannel?: Unstructured };
  dnsDomain?: string;
  podSubnets?: string[];
  serviceSubnets?: string[];
}

export interface ClusterSection {
  id?: string;
  secret?: string;
  controlPlane?: { endpoint?: string; localAPIServerPort?: number };
  clusterName?: string;
  network?: ClusterNetworkSection;
  token?: string;
  aescbcEncryptionSecret?: string;
  secretboxEncryptionSecret?: string;
  ca?: PemCertificateAndKey;
  acceptedCAs?: PemCertificate[];
  aggregatorCA?: PemCertificateAndKey;
  serviceAccount?: { key?: string };
  apiServer?: APIServerSection;
  controllerManager?: ComponentSection;
  proxy?: { disabled?: boolean; image?: string; mode?: string; extraArgs?: ExtraArgs };
  scheduler?: ComponentSection & { config?: Unstructured };
  discovery?: {
    enabled?: boolean;
    registries?: { kubernetes?: { disabled?: boolean }; service?: { disabled?: boolean; endpoint?: string } };
  };
  etcd?: EtcdSection;
  coreDNS?: { disabled?: boolean; image?: string };
  externalCloudProvider?: { enabled?: boolean; manifests?: string[] };
  extraManifests?: string[];
  extraManifestHeaders?: StringMap;
  inlineManifests?: Array<{ name?: string; contents?: string }>;
  adminKubeconfig?: { certLifetime?: string };
  allowSchedulingOnControlPlanes?: boolean;
  allowSchedulingOnMasters?: boolean;
}

/** The `v1alpha1` document (no `kind`; identified by `version: v1alpha1` or its sections). */
export interface V1Alpha1Config {
  version?: string;
  debug?: boolean;
  persist?: boolean;
  machine?: MachineSection;
  cluster?: ClusterSection;
}
