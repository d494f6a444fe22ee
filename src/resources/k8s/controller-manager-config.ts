// ControllerManagerConfigs.kubernetes.talos.dev: kube-controller-manager's settings from `cluster.*`
// (id "kube-controller-manager"): enabled, image, cloud provider, pod/service CIDRs, extra
// args/volumes, env, resources; control plane only.
import { defineResource } from '../definition';
import {
  argsToYAML,
  CONTROL_PLANE_NAMESPACE,
  CONTROLLER_MANAGER_ID,
  extraVolumeToProto,
  extraVolumeToYAML,
  resourcesToProto,
  resourcesToYAML,
  sortedMap,
  type ExtraArgs,
  type ExtraVolume,
  type PodResources,
} from './control-plane-common';

export const CONTROLLER_MANAGER_CONFIG_ID = CONTROLLER_MANAGER_ID;

export interface ControllerManagerConfigSpec {
  enabled: boolean;
  image: string;
  cloudProvider: string;
  podCIDRs: string[];
  serviceCIDRs: string[];
  extraArgs: ExtraArgs;
  extraVolumes: ExtraVolume[];
  environmentVariables: Record<string, string>;
  resources: PodResources;
}

export const ControllerManagerConfigDefinition = defineResource<ControllerManagerConfigSpec>({
  type: 'ControllerManagerConfigs.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  protoSpec: 'talos.resource.definitions.k8s.ControllerManagerConfigSpec',
  toProto: (s) => ({
    enabled: s.enabled,
    image: s.image,
    cloud_provider: s.cloudProvider,
    pod_cid_rs: s.podCIDRs,
    service_cid_rs: s.serviceCIDRs,
    extra_volumes: s.extraVolumes.map(extraVolumeToProto),
    environment_variables: s.environmentVariables,
    resources: resourcesToProto(s.resources),
    extra_args: s.extraArgs,
  }),
  toYAML: (s) => ({
    enabled: s.enabled,
    image: s.image,
    cloudProvider: s.cloudProvider,
    podCIDRs: s.podCIDRs,
    serviceCIDRs: s.serviceCIDRs,
    extraArgs: argsToYAML(s.extraArgs),
    extraVolumes: s.extraVolumes.map(extraVolumeToYAML),
    environmentVariables: sortedMap(s.environmentVariables),
    resources: resourcesToYAML(s.resources),
  }),
});
