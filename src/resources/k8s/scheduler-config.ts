// SchedulerConfigs.kubernetes.talos.dev: kube-scheduler's settings from `cluster.*` (id "kube-scheduler"):
// enabled, image, extra args/volumes, env, resources and the KubeSchedulerConfiguration to render;
// control plane only.
import { defineResource } from '../definition';
import {
  argsToYAML,
  CONTROL_PLANE_NAMESPACE,
  extraVolumeToProto,
  extraVolumeToYAML,
  resourcesToProto,
  resourcesToYAML,
  SCHEDULER_ID,
  sortedMap,
  type ExtraArgs,
  type ExtraVolume,
  type PodResources,
} from './control-plane-common';
import { sortKeys, toStruct } from './struct';

export const SCHEDULER_CONFIG_ID = SCHEDULER_ID;

export interface SchedulerConfigSpec {
  enabled: boolean;
  image: string;
  extraArgs: ExtraArgs;
  extraVolumes: ExtraVolume[];
  environmentVariables: Record<string, string>;
  resources: PodResources;
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
    extra_volumes: s.extraVolumes.map(extraVolumeToProto),
    environment_variables: s.environmentVariables,
    resources: resourcesToProto(s.resources),
    ...(s.config ? { config: toStruct(s.config) } : {}),
    extra_args: s.extraArgs,
  }),
  toYAML: (s) => ({
    enabled: s.enabled,
    image: s.image,
    extraArgs: argsToYAML(s.extraArgs),
    extraVolumes: s.extraVolumes.map(extraVolumeToYAML),
    environmentVariables: sortedMap(s.environmentVariables),
    resources: resourcesToYAML(s.resources),
    config: sortKeys(s.config ?? {}),
  }),
});
