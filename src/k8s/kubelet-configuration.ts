// Talos `NewKubeletConfiguration`: the KubeletConfiguration document rendered from a KubeletConfig,
// as the unstructured object Go's converter produces (zero durations as "0s", empty structs kept).
import { PROTECTED_KUBELET_FIELDS } from '../config/kubelet-protected-fields';
import type { KubeletConfigSpec } from '../resources/k8s/kubelet-config';
import type { MachineTypeName } from '../resources/config/machine-type';
import { isRecord } from '../untyped-values';

const CONTROL_PLANE_TAINT = 'node-role.kubernetes.io/control-plane';

/** Fields the Go converter always emits for KubeletConfiguration (non-pointer structs and durations). */
const ZERO_FIELDS = (): Record<string, unknown> => ({
  syncFrequency: '0s',
  fileCheckFrequency: '0s',
  httpCheckFrequency: '0s',
  streamingConnectionIdleTimeout: '0s',
  nodeStatusUpdateFrequency: '0s',
  nodeStatusReportFrequency: '0s',
  imageMinimumGCAge: '0s',
  imageMaximumGCAge: '0s',
  volumeStatsAggPeriod: '0s',
  cpuManagerReconcilePeriod: '0s',
  runtimeRequestTimeout: '0s',
  evictionPressureTransitionPeriod: '0s',
  memorySwap: {},
  crashLoopBackOff: {},
  logging: {
    flushFrequency: 0,
    verbosity: 0,
    options: { text: { infoBufferSize: '0' }, json: { infoBufferSize: '0' } },
  },
});

export class KubeletConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeletConfigurationError';
  }
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isRecord(b) && isRecord(v) ? deepMerge(b, v) : structuredClone(v);
  }
  return out;
}

const unset = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const zeroDuration = (v: unknown): boolean => unset(v) || v === '0s' || v === 0;

export interface RenderOptions {
  machineType: MachineTypeName;
  /** kubelet ≥ 1.27 takes containerRuntimeEndpoint in its config file. */
  configRuntimeEndpoint: boolean;
  /** Talos clears protectKernelDefaults in container mode. */
  containerMode?: boolean;
}

/** The KubeletConfiguration for a KubeletConfig; throws KubeletConfigurationError on protected keys. */
export function kubeletConfiguration(spec: KubeletConfigSpec, opts: RenderOptions): Record<string, unknown> {
  const extra = spec.extraConfig;
  const denied = PROTECTED_KUBELET_FIELDS.filter((f) => f in extra);
  if (denied.length > 0)
    throw new KubeletConfigurationError(denied.map((f) => `field "${f}" can't be overridden`).join('; '));
  const c = deepMerge(ZERO_FIELDS(), extra);
  c['apiVersion'] = 'kubelet.config.k8s.io/v1beta1';
  c['kind'] = 'KubeletConfiguration';
  if (!spec.disableManifestsDirectory) c['staticPodPath'] = '/etc/kubernetes/manifests';
  if (spec.staticPodListURL !== '') c['staticPodURL'] = spec.staticPodListURL;
  else delete c['staticPodURL'];
  c['port'] = 10250;
  const webhook = { cacheTTL: '0s', enabled: !spec.skipNodeRegistration };
  c['authentication'] = {
    x509: { clientCAFile: '/etc/kubernetes/pki/ca.crt' },
    webhook,
    anonymous: { enabled: false },
  };
  c['authorization'] = {
    mode: spec.skipNodeRegistration ? 'AlwaysAllow' : 'Webhook',
    webhook: { cacheAuthorizedTTL: '0s', cacheUnauthorizedTTL: '0s' },
  };
  c['cgroupRoot'] = '/';
  c['systemCgroups'] = '/system';
  c['kubeletCgroups'] = '/podruntime/kubelet';
  c['rotateCertificates'] = true;
  if (opts.containerMode !== true) c['protectKernelDefaults'] = true;
  if (opts.configRuntimeEndpoint) c['containerRuntimeEndpoint'] = 'unix:///run/containerd/containerd.sock';
  if (spec.defaultRuntimeSeccompEnabled) c['seccompDefault'] = true;
  if (spec.enableFSQuotaMonitoring) {
    const gates = isRecord(c['featureGates']) ? c['featureGates'] : {};
    gates['LocalStorageCapacityIsolationFSQuotaMonitoring'] ??= true;
    c['featureGates'] = gates;
  }
  const controlPlane = opts.machineType === 'controlplane' || opts.machineType === 'init';
  if (!spec.skipNodeRegistration && controlPlane && !spec.allowSchedulingOnControlPlane) {
    const taints: unknown[] = Array.isArray(c['registerWithTaints']) ? c['registerWithTaints'] : [];
    const present = taints.some((t) => isRecord(t) && t['key'] === CONTROL_PLANE_TAINT);
    if (!present && !spec.extraArgs['register-with-taints'])
      c['registerWithTaints'] = [...taints, { key: CONTROL_PLANE_TAINT, effect: 'NoSchedule' }];
  }
  if (unset(c['address'])) c['address'] = '0.0.0.0';
  if (unset(c['oomScoreAdj'])) c['oomScoreAdj'] = -450;
  if (unset(c['clusterDomain'])) c['clusterDomain'] = spec.clusterDomain;
  if (unset(c['clusterDNS'])) c['clusterDNS'] = [...spec.clusterDNS];
  if (unset(c['serializeImagePulls'])) c['serializeImagePulls'] = false;
  if (unset(c['failSwapOn'])) c['failSwapOn'] = false;
  if (!isRecord(c['systemReserved']) || Object.keys(c['systemReserved']).length === 0)
    c['systemReserved'] = {
      cpu: '50m',
      pid: '100',
      'ephemeral-storage': '256Mi',
      memory: controlPlane ? '512Mi' : '384Mi',
    };
  const logging = c['logging'] as Record<string, unknown>;
  if (unset(logging['format'])) logging['format'] = 'json';
  if (!('shutdownGracePeriod' in extra) && zeroDuration(c['shutdownGracePeriod']))
    c['shutdownGracePeriod'] = '30s';
  if (!('shutdownGracePeriodCriticalPods' in extra) && zeroDuration(c['shutdownGracePeriodCriticalPods']))
    c['shutdownGracePeriodCriticalPods'] = '10s';
  if (zeroDuration(c['streamingConnectionIdleTimeout'])) c['streamingConnectionIdleTimeout'] = '5m0s';
  if (unset(c['tlsMinVersion'])) c['tlsMinVersion'] = 'VersionTLS13';
  c['resolvConf'] = '/system/resolved/resolv.conf';
  return c;
}
