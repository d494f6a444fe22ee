// k8s.ControlPlaneAuditPolicyController: AuditPolicyConfig ("audit-policy" in `controlplane`) from
// `cluster.apiServer.auditPolicy` on control-plane nodes; an empty or missing policy is Talos's default
// (everything at the Metadata level).
import { ControlPlaneConfigController, type ControlPlaneSections } from './control-plane-common';
import {
  AuditPolicyConfigDefinition,
  AUDIT_POLICY_CONFIG_ID,
  type AuditPolicyConfigSpec,
} from '../../src/resources/k8s/audit-policy-config';

/** Talos `v1alpha1.APIServerDefaultAuditPolicy`. */
export const defaultAuditPolicy = (): Record<string, unknown> => ({
  apiVersion: 'audit.k8s.io/v1',
  kind: 'Policy',
  rules: [{ level: 'Metadata' }],
});

export class ControlPlaneAuditPolicyController extends ControlPlaneConfigController<AuditPolicyConfigSpec> {
  readonly name = 'k8s.ControlPlaneAuditPolicyController';

  constructor() {
    super(AuditPolicyConfigDefinition.type, AUDIT_POLICY_CONFIG_ID);
  }

  protected build({ cluster }: ControlPlaneSections): AuditPolicyConfigSpec {
    const policy = cluster.apiServer?.auditPolicy;
    return {
      config: policy && Object.keys(policy).length > 0 ? structuredClone(policy) : defaultAuditPolicy(),
    };
  }
}
