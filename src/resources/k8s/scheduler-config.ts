// SchedulerConfigs.kubernetes.talos.dev: kube-scheduler's settings from `cluster.*` (id "kube-scheduler"):
// enabled, image, extra args/volumes, env, resources and the KubeSchedulerConfiguration to render;
// control plane only.
import { defineResource, pointerTo } from '../definition';
import {
  componentToProto,
  componentToYAML,
  CONTROL_PLANE_NAMESPACE,
  resourcesToYAML,
  SCHEDULER_ID,
  type ComponentSpec,
} from './control-plane-common';
import { sortKeys, toStruct } from './struct';

export const SCHEDULER_CONFIG_ID = SCHEDULER_ID;

export interface SchedulerConfigSpec extends ComponentSpec {
  enabled: boolean;
  image: string;
  /** `cluster.scheduler.config`; absent when not set. */
  config?: Record<string, unknown>;
}

export const SchedulerConfigDefinition = defineResource<SchedulerConfigSpec>({
  type: 'SchedulerConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  protoSpec: 'talos.resource.definitions.k8s.SchedulerConfigSpec',
  toProto: (s) => ({
    enabled: s.enabled,
    image: s.image,
    ...componentToProto(s),
    ...(s.config ? { config: toStruct(s.config) } : {}),
  }),
  toYAML: (s) => ({
    enabled: s.enabled,
    image: s.image,
    ...componentToYAML(s),
    resources: resourcesToYAML(s.resources),
    config: sortKeys(s.config ?? {}),
  }),
});

export const SCHEDULER_CONFIG = pointerTo(SchedulerConfigDefinition, SCHEDULER_CONFIG_ID);
