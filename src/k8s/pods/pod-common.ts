// The parts every control-plane pod shares, as the v1.Pod JSON the kubelet reads: labels, annotations
// carrying the versions of the inputs (so a change restarts the pod), env with POD_IP and GOMEMLIMIT,
// resources with Talos's defaults, host-path volumes, security contexts and the system-critical priority.
import { canonicalQuantity, parseQuantity, quantityValue } from '../quantity';
import { versionFromImage, versionString } from '../version';
import type { ComponentSpec, ExtraVolume, PodResources } from '../../resources/k8s/control-plane-common';

type Json = Record<string, unknown>;

export const STATIC_SECRETS_DIR = '/system/secrets/kubernetes';
export const STATIC_CONFIG_DIR = '/system/config/kubernetes';
export const APISERVER_SECRETS_DIR = `${STATIC_SECRETS_DIR}/kube-apiserver`;
export const APISERVER_CONFIG_DIR = `${STATIC_CONFIG_DIR}/kube-apiserver`;
export const CONTROLLER_MANAGER_SECRETS_DIR = `${STATIC_SECRETS_DIR}/kube-controller-manager`;
export const SCHEDULER_SECRETS_DIR = `${STATIC_SECRETS_DIR}/kube-scheduler`;
export const SCHEDULER_CONFIG_DIR = `${STATIC_CONFIG_DIR}/kube-scheduler`;
export const AUDIT_LOG_DIR = '/var/log/audit/kube';

/** Users the components run as (Talos constants). */
export const APISERVER_RUN_AS = 65534;
export const CONTROLLER_MANAGER_RUN_AS = 65535;
export const SCHEDULER_RUN_AS = 65536;

export const ANNOTATION_SECRETS_VERSION = 'talos.dev/secrets-version';
export const ANNOTATION_CONFIG_VERSION = 'talos.dev/config-version';
export const ANNOTATION_CONFIG_FILE_VERSION = 'talos.dev/config-file-version';

/** Kubernetes `scheduling.SystemCriticalPriority`. */
const SYSTEM_CRITICAL_PRIORITY = 2000000000;
/** The share of the memory limit given to the Go runtime as GOMEMLIMIT. */
const GO_GC_MEM_LIMIT_PERCENT = 95n;
/** Talos `version.Name` with spaces as dashes. */
const MANAGED_BY = 'Talos';

export const hostPathVolume = (name: string, path: string): Json => ({ name, hostPath: { path } });

export const volumeMount = (name: string, mountPath: string, readOnly: boolean): Json => ({
  name,
  mountPath,
  ...(readOnly ? { readOnly } : {}),
});

export const extraVolumeMounts = (vols: readonly ExtraVolume[]): Json[] =>
  vols.map((v) => volumeMount(v.name, v.mountPath, v.readOnly));

export const extraHostPathVolumes = (vols: readonly ExtraVolume[]): Json[] =>
  vols.map((v) => hostPathVolume(v.name, v.hostPath));

/** The resource requirements: Talos's default requests unless configured, limits when configured. */
export function podResourceRequirements(cfg: PodResources, defaultCPU: string, defaultMemory: string): Json {
  const q = (text: string): string => canonicalQuantity(parseQuantity(text));
  const requests: Record<string, string> = {
    cpu: q(cfg.requests['cpu'] || defaultCPU),
    memory: q(cfg.requests['memory'] || defaultMemory),
  };
  const limits: Record<string, string> = {};
  if (cfg.limits['cpu']) limits['cpu'] = q(cfg.limits['cpu']);
  if (cfg.limits['memory']) limits['memory'] = q(cfg.limits['memory']);
  return Object.keys(limits).length > 0 ? { limits, requests } : { requests };
}

/** POD_IP, the configured variables sorted by name (`$` escaped), and GOMEMLIMIT under a memory limit. */
export function containerEnv(env: Readonly<Record<string, string>>, resources: Json): Json[] {
  const out: Json[] = [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }];
  for (const name of Object.keys(env).sort())
    out.push({ name, value: (env[name] ?? '').replaceAll('$', '$$$$') });
  const limit = (resources['limits'] as Record<string, string> | undefined)?.['memory'];
  const bytes = limit ? quantityValue(parseQuantity(limit)) : 0n;
  if (bytes > 0n) out.push({ name: 'GOMEMLIMIT', value: String((bytes * GO_GC_MEM_LIMIT_PERCENT) / 100n) });
  return out;
}

/** A host directory the component sees at the same path. */
export interface HostDirectory {
  readonly name: string;
  readonly path: string;
  readonly readOnly: boolean;
}

export interface ControlPlanePodOptions {
  readonly id: string;
  /** The component's config resource: image, environment, resources and extra volumes. */
  readonly component: ComponentSpec & { readonly image: string };
  readonly annotations: Record<string, string>;
  readonly runAs: number;
  /** The binary and its flags. */
  readonly command: string[];
  /** The requests when none are configured. */
  readonly defaultRequests: { readonly cpu: string; readonly memory: string };
  readonly hostDirectories: readonly HostDirectory[];
  /** Health probes (startupProbe, livenessProbe, readinessProbe). */
  readonly probes?: Json;
  /** Capabilities the container may be granted (all others are dropped). */
  readonly capabilities?: string[];
}

/** A kube-system pod of one host-network, non-root container, as Talos lays it out. */
export function controlPlanePod(o: ControlPlanePodOptions): Json {
  const { image, environmentVariables, extraVolumes } = o.component;
  const { cpu, memory } = o.defaultRequests;
  const resources = podResourceRequirements(o.component.resources, cpu, memory);
  const container: Json = {
    command: o.command,
    env: containerEnv(environmentVariables, resources),
    volumeMounts: [
      ...o.hostDirectories.map((d) => volumeMount(d.name, d.path, d.readOnly)),
      ...extraVolumeMounts(extraVolumes),
    ],
    ...o.probes,
    resources,
    securityContext: containerSecurityContext(o.capabilities),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.id,
      namespace: 'kube-system',
      creationTimestamp: null,
      annotations: o.annotations,
      labels: {
        tier: 'control-plane',
        'k8s-app': o.id,
        component: o.id,
        'app.kubernetes.io/name': o.id,
        'app.kubernetes.io/version': versionString(versionFromImage(image)),
        'app.kubernetes.io/component': 'control-plane',
        'app.kubernetes.io/managed-by': MANAGED_BY,
      },
    },
    spec: {
      priority: SYSTEM_CRITICAL_PRIORITY,
      priorityClassName: 'system-cluster-critical',
      containers: [{ name: o.id, image: image, ...container }],
      hostNetwork: true,
      securityContext: { runAsNonRoot: true, runAsUser: o.runAs, runAsGroup: o.runAs },
      volumes: [
        ...o.hostDirectories.map((d) => hostPathVolume(d.name, d.path)),
        ...extraHostPathVolumes(extraVolumes),
      ],
    },
    status: {},
  };
}

/** No privilege escalation, all capabilities dropped (but `add`), the runtime's seccomp profile. */
export const containerSecurityContext = (add?: string[]): Json => ({
  allowPrivilegeEscalation: false,
  capabilities: { ...(add ? { add } : {}), drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
});

/** An HTTPS GET probe on localhost. */
export const httpsProbe = (path: string, port: number, extra: Json = {}): Json => ({
  httpGet: { path, host: 'localhost', port, scheme: 'HTTPS' },
  ...extra,
});
