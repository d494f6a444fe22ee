// The kube-scheduler static pod from its SchedulerConfig: Talos's flags (the rendered scheduler
// configuration, kubeconfigs from the secrets directory) merged with the extra args, the secrets and
// config mounts, health probes on :10259, and the versions of its inputs as annotations.
import type { StaticPodVersions } from './kube-apiserver';
import {
  ANNOTATION_CONFIG_VERSION,
  ANNOTATION_SECRETS_VERSION,
  controlPlanePod,
  httpsProbe,
  SCHEDULER_CONFIG_DIR,
  SCHEDULER_RUN_AS,
  SCHEDULER_SECRETS_DIR,
} from './pod-common';
import { atLeast, versionFromImage } from '../version';
import { extraArgValues, mergeArgs, renderArgs, type Args, type MergePolicies } from '../pod-args';
import { SCHEDULER_ID } from '../../resources/k8s/control-plane-common';
import type { SchedulerConfigSpec } from '../../resources/k8s/scheduler-config';

const PORT = 10259;

const POLICIES: MergePolicies = {
  kubeconfig: 'denied',
  'authentication-kubeconfig': 'denied',
  'authorization-kubeconfig': 'denied',
  config: 'denied',
};

export function schedulerPod(
  cfg: SchedulerConfigSpec,
  versions: Pick<StaticPodVersions, 'secrets' | 'config'>,
): Record<string, unknown> {
  const args: Args = {
    config: [`${SCHEDULER_CONFIG_DIR}/scheduler-config.yaml`],
    'authentication-tolerate-lookup-failure': ['false'],
    'authentication-kubeconfig': [`${SCHEDULER_SECRETS_DIR}/kubeconfig`],
    'authorization-kubeconfig': [`${SCHEDULER_SECRETS_DIR}/kubeconfig`],
    'bind-address': ['127.0.0.1'],
    'leader-elect': ['true'],
    profiling: ['false'],
    'tls-min-version': ['VersionTLS13'],
  };
  mergeArgs(args, extraArgValues(cfg.extraArgs), POLICIES);
  // /livez and /readyz from Kubernetes 1.31; /healthz before.
  const modern = atLeast(versionFromImage(cfg.image), 1, 31);
  return controlPlanePod({
    id: SCHEDULER_ID,
    component: cfg,
    annotations: {
      [ANNOTATION_SECRETS_VERSION]: versions.secrets,
      [ANNOTATION_CONFIG_VERSION]: versions.config,
    },
    runAs: SCHEDULER_RUN_AS,
    command: ['/usr/local/bin/kube-scheduler', ...renderArgs(args)],
    defaultRequests: { cpu: '10m', memory: '64Mi' },
    hostDirectories: [
      { name: 'secrets', path: SCHEDULER_SECRETS_DIR, readOnly: true },
      { name: 'config', path: SCHEDULER_CONFIG_DIR, readOnly: true },
    ],
    probes: {
      startupProbe: httpsProbe(modern ? '/livez' : '/healthz', PORT),
      livenessProbe: httpsProbe(modern ? '/livez' : '/healthz', PORT),
      readinessProbe: httpsProbe(modern ? '/readyz' : '/healthz', PORT),
    },
  });
}
