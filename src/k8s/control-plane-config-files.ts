// The configuration files the control-plane pods mount, as Kubernetes reads them: the admission
// configuration, audit policy and authorization configuration of kube-apiserver, and the
// KubeSchedulerConfiguration (its kubeconfig always the one in the scheduler's secrets directory).
// Written as Kubernetes' YAML serializer writes them: keys sorted, lists flush with their key.
import { SCHEDULER_SECRETS_DIR } from './pods/pod-common';
import { atLeast, versionFromImage } from './version';
import type { AdmissionControlConfigSpec } from '../resources/k8s/admission-control-config';
import type { AuditPolicyConfigSpec } from '../resources/k8s/audit-policy-config';
import type { AuthorizationConfigSpec } from '../resources/k8s/authorization-config';
import type { SchedulerConfigSpec } from '../resources/k8s/scheduler-config';
import { sortKeys } from '../resources/k8s/struct';
import { yamlLibrary } from '../files/yaml-library';
import { asRecord } from '../untyped-values';

type Json = Record<string, unknown>;

export async function toKubernetesYAML(obj: Json): Promise<string> {
  const { stringify } = await yamlLibrary();
  return stringify(sortKeys(obj), { version: '1.1', indentSeq: false, lineWidth: 0 });
}

export function admissionConfiguration(spec: AdmissionControlConfigSpec): Json {
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AdmissionConfiguration',
    plugins: spec.config.map((p) => ({ name: p.name, path: '', configuration: p.configuration ?? null })),
  };
}

/** The policy as an audit.k8s.io Policy object (its object metadata always present). */
export function auditPolicy(spec: AuditPolicyConfigSpec): Json {
  return {
    ...spec.config,
    metadata: { creationTimestamp: null, ...asRecord(spec.config['metadata']) },
    rules: spec.config['rules'] ?? null,
  };
}

/** The API version of AuthorizationConfiguration the API server of this image reads. */
function authorizationAPIVersion(image: string): string {
  const v = versionFromImage(image);
  if (atLeast(v, 1, 32)) return 'apiserver.config.k8s.io/v1';
  if (atLeast(v, 1, 30)) return 'apiserver.config.k8s.io/v1beta1';
  return 'apiserver.config.k8s.io/v1alpha1';
}

export function authorizationConfiguration(spec: AuthorizationConfigSpec): Json {
  return {
    apiVersion: authorizationAPIVersion(spec.image),
    kind: 'AuthorizationConfiguration',
    authorizers: spec.config.map((a) => ({
      type: a.type,
      name: a.name,
      ...(a.webhook ? { webhook: a.webhook } : {}),
    })),
  };
}

/** The configured KubeSchedulerConfiguration with Talos's API version, kind and kubeconfig. */
export function schedulerConfiguration(spec: SchedulerConfigSpec): Json {
  const config = structuredClone(spec.config ?? {});
  return {
    ...config,
    apiVersion: 'kubescheduler.config.k8s.io/v1',
    kind: 'KubeSchedulerConfiguration',
    clientConnection: {
      ...asRecord(config['clientConnection']),
      kubeconfig: `${SCHEDULER_SECRETS_DIR}/kubeconfig`,
    },
  };
}
