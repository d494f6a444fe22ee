// k8s.ControlPlaneAuditPolicyController: AuditPolicyConfig ("audit-policy" in `controlplane`) from
// `cluster.apiServer.auditPolicy` on control-plane nodes; an empty or missing policy is Talos's default
// (everything at the Metadata level).
import { onControlPlane, type ControlPlaneSections } from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import { AUDIT_POLICY_CONFIG, type AuditPolicyConfigSpec } from '../../src/resources/k8s/audit-policy-config';

/** Talos `v1alpha1.APIServerDefaultAuditPolicy`. */
export const defaultAuditPolicy = (): Record<string, unknown> => ({
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  rules: [{ level: 'Metadata' }],
});

export class ControlPlaneAuditPolicyController extends derivedController(
  'k8s.ControlPlaneAuditPolicyController',
  MACHINE_CONFIG,
  AUDIT_POLICY_CONFIG,
  onControlPlane(auditPolicyConfig),
) {}

export function auditPolicyConfig({ cluster }: ControlPlaneSections): AuditPolicyConfigSpec {
  const policy = cluster.apiServer?.auditPolicy;
  return {
    config: policy && Object.keys(policy).length > 0 ? structuredClone(policy) : defaultAuditPolicy(),
  };
}
