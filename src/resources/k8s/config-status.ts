// ConfigStatuses.kubernetes.talos.dev: whether the control plane's configuration files are on disk for
// the static pods (id "static-pods"), and a version that changes whenever one of them is rewritten.
import { defineResource, pointerTo } from '../definition';
import { CONTROL_PLANE_NAMESPACE } from './control-plane-common';

export const CONFIG_STATUS_STATIC_POD_ID = 'static-pods';

export interface ConfigStatusSpec {
  ready: boolean;
  version: string;
}

export const ConfigStatusDefinition = defineResource<ConfigStatusSpec>({
  type: 'ConfigStatuses.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  // Talos labels the version column "Secrets Version" here too.
  printColumns: [
    { name: 'Ready', jsonPath: '{.ready}' },
    { name: 'Secrets Version', jsonPath: '{.version}' },
  ],
  protoSpec: 'talos.resource.definitions.k8s.ConfigStatusSpec',
});

export const CONFIG_STATUS_STATIC_POD = pointerTo(ConfigStatusDefinition, CONFIG_STATUS_STATIC_POD_ID);
