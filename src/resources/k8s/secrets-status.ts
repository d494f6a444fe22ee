// SecretStatuses.kubernetes.talos.dev (sic): whether the control plane's secrets are on disk for the static
// pods (id "static-pods"), and a version that changes whenever they are rewritten, so pods restart.
import { defineResource, pointerTo } from '../definition';

export const STATIC_POD_SECRETS_STATUS_ID = 'static-pods';

export interface SecretsStatusSpec {
  ready: boolean;
  version: string;
}

export const SecretsStatusDefinition = defineResource<SecretsStatusSpec>({
  type: 'SecretStatuses.kubernetes.talos.dev',
  printColumns: [
    { name: 'Ready', jsonPath: '{.ready}' },
    { name: 'Secrets Version', jsonPath: '{.version}' },
  ],
  defaultNamespace: 'controlplane',
  protoSpec: 'talos.resource.definitions.k8s.SecretsStatusSpec',
});

export const STATIC_POD_SECRETS_STATUS = pointerTo(SecretsStatusDefinition, STATIC_POD_SECRETS_STATUS_ID);
