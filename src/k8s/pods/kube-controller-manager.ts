// The kube-controller-manager static pod from its ControllerManagerConfig: Talos's flags (cluster
// signing CA, kubeconfig and service account key from the secrets directory) merged with the extra
// args, the secrets mount, health probes on :10257, and the versions of its inputs as annotations.
import type { StaticPodVersions } from './kube-apiserver';
import {
  ANNOTATION_CONFIG_VERSION,
  ANNOTATION_SECRETS_VERSION,
  CONTROLLER_MANAGER_RUN_AS,
  CONTROLLER_MANAGER_SECRETS_DIR,
  controlPlanePod,
  httpsProbe,
} from './pod-common';
import { atLeast, versionFromImage } from '../version';
import { extraArgValues, mergeArgs, renderArgs, type Args, type MergePolicies } from '../pod-args';
import { CONTROLLER_MANAGER_ID } from '../../resources/k8s/control-plane-common';
import type { ControllerManagerConfigSpec } from '../../resources/k8s/controller-manager-config';

const secret = (f: string): string[] => [`${CONTROLLER_MANAGER_SECRETS_DIR}/${f}`];
const PORT = 10257;

const POLICIES: MergePolicies = {
  'service-cluster-ip-range': 'additive',
  controllers: 'additive',
  'cluster-signing-cert-file': 'denied',
  'cluster-signing-key-file': 'denied',
  'authentication-kubeconfig': 'denied',
  'authorization-kubeconfig': 'denied',
  'root-ca-file': 'denied',
  'service-account-private-key-file': 'denied',
};

export function controllerManagerPod(
  cfg: ControllerManagerConfigSpec,
  versions: Pick<StaticPodVersions, 'secrets' | 'config'>,
): Record<string, unknown> {
  const args: Args = {
    'allocate-node-cidrs': ['true'],
    'bind-address': ['127.0.0.1'],
    'cluster-cidr': [cfg.podCIDRs.join(',')],
    'service-cluster-ip-range': [cfg.serviceCIDRs.join(',')],
    'cluster-signing-cert-file': secret('ca.crt'),
    'cluster-signing-key-file': secret('ca.key'),
    controllers: ['*,tokencleaner'],
    'configure-cloud-routes': ['false'],
    kubeconfig: secret('kubeconfig'),
    'authentication-kubeconfig': secret('kubeconfig'),
    'authorization-kubeconfig': secret('kubeconfig'),
    'leader-elect': ['true'],
    'root-ca-file': secret('ca.crt'),
    'service-account-private-key-file': secret('service-account.key'),
    profiling: ['false'],
    'tls-min-version': ['VersionTLS13'],
  };
  if (cfg.cloudProvider !== '' && !atLeast(versionFromImage(cfg.image), 1, 33))
    args['cloud-provider'] = [cfg.cloudProvider];
  mergeArgs(args, extraArgValues(cfg.extraArgs), POLICIES);
  return controlPlanePod({
    id: CONTROLLER_MANAGER_ID,
    component: cfg,
    annotations: {
      [ANNOTATION_SECRETS_VERSION]: versions.secrets,
      [ANNOTATION_CONFIG_VERSION]: versions.config,
    },
    runAs: CONTROLLER_MANAGER_RUN_AS,
    command: [
      '/usr/local/bin/kube-controller-manager',
      '--use-service-account-credentials',
      ...renderArgs(args),
    ],
    defaultRequests: { cpu: '50m', memory: '256Mi' },
    hostDirectories: [{ name: 'secrets', path: CONTROLLER_MANAGER_SECRETS_DIR, readOnly: true }],
    probes: {
      // Up to a minute to start.
      startupProbe: httpsProbe('/healthz', PORT, { periodSeconds: 5, failureThreshold: 12 }),
      livenessProbe: httpsProbe('/healthz', PORT, { timeoutSeconds: 15 }),
    },
  });
}
