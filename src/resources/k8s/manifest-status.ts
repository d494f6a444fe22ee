// ManifestStatuses.kubernetes.talos.dev: which bootstrap manifests the control plane applied to the API
// server (id "manifests", in the controlplane namespace).
import { defineResource } from '../definition';

export const MANIFEST_STATUS_ID = 'manifests';

export interface ManifestStatusSpec {
  manifestsApplied: string[];
}

export const ManifestStatusDefinition = defineResource<ManifestStatusSpec>({
  type: 'ManifestStatuses.kubernetes.talos.dev',
  defaultNamespace: 'controlplane',
  protoSpec: 'talos.resource.definitions.k8s.ManifestStatusSpec',
  toProto: (s) => ({ manifests_applied: s.manifestsApplied }),
});
