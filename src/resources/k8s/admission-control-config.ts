// AdmissionControlConfigs.kubernetes.talos.dev: the admission plugin configurations of
// `cluster.apiServer.admissionControl` (id "admission-control"); control plane only.
import { defineResource, pointerTo } from '../definition';
import { CONTROL_PLANE_NAMESPACE } from './control-plane-common';
import { sortKeys, toStruct } from './struct';

export const ADMISSION_CONTROL_CONFIG_ID = 'admission-control';

export interface AdmissionPluginSpec {
  name: string;
  configuration?: Record<string, unknown>;
}

export interface AdmissionControlConfigSpec {
  config: AdmissionPluginSpec[];
}

export const AdmissionControlConfigDefinition = defineResource<AdmissionControlConfigSpec>({
  type: 'AdmissionControlConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  protoSpec: 'talos.resource.definitions.k8s.AdmissionControlConfigSpec',
  toProto: (s) => ({
    config: s.config.map((p) => ({
      name: p.name,
      ...(p.configuration ? { configuration: toStruct(p.configuration) } : {}),
    })),
  }),
  toYAML: (s) => ({
    config: s.config.map((p) => ({ name: p.name, configuration: sortKeys(p.configuration ?? {}) })),
  }),
});

export const ADMISSION_CONTROL_CONFIG = pointerTo(
  AdmissionControlConfigDefinition,
  ADMISSION_CONTROL_CONFIG_ID,
);
