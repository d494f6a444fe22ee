// AuditPolicyConfigs.kubernetes.talos.dev: the kube-apiserver audit policy (id "audit-policy"), from
// `cluster.apiServer.auditPolicy` or Talos's default; control plane only, sensitive.
import { defineResource, pointerTo } from '../definition';
import { CONTROL_PLANE_NAMESPACE } from './control-plane-common';
import { sortKeys, toStruct } from './struct';

export const AUDIT_POLICY_CONFIG_ID = 'audit-policy';

export interface AuditPolicyConfigSpec {
  config: Record<string, unknown>;
}

export const AuditPolicyConfigDefinition = defineResource<AuditPolicyConfigSpec>({
  type: 'AuditPolicyConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  sensitive: true,
  protoSpec: 'talos.resource.definitions.k8s.AuditPolicyConfigSpec',
  toProto: (s) => ({ config: toStruct(s.config) }),
  toYAML: (s) => ({ config: sortKeys(s.config) }),
});

export const AUDIT_POLICY_CONFIG = pointerTo(AuditPolicyConfigDefinition, AUDIT_POLICY_CONFIG_ID);
