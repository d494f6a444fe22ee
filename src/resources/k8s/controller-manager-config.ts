// ControllerManagerConfigs.kubernetes.talos.dev: kube-controller-manager's settings from `cluster.*`
// (id "kube-controller-manager"): enabled, image, cloud provider, pod/service CIDRs, extra
// args/volumes, env, resources; control plane only.
import { defineResource, pointerTo } from '../definition';
import {
  componentToProto,
  componentToYAML,
  CONTROL_PLANE_NAMESPACE,
  CONTROLLER_MANAGER_ID,
  resourcesToYAML,
  type ComponentSpec,
} from './control-plane-common';

export const CONTROLLER_MANAGER_CONFIG_ID = CONTROLLER_MANAGER_ID;

export interface ControllerManagerConfigSpec extends ComponentSpec {
  enabled: boolean;
  image: string;
  cloudProvider: string;
  podCIDRs: string[];
  serviceCIDRs: string[];
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
    ...componentToProto(s),
  }),
  toYAML: (s) => ({
    enabled: s.enabled,
    image: s.image,
    cloudProvider: s.cloudProvider,
    podCIDRs: s.podCIDRs,
    serviceCIDRs: s.serviceCIDRs,
    ...componentToYAML(s),
    resources: resourcesToYAML(s.resources),
  }),
});

export const CONTROLLER_MANAGER_CONFIG = pointerTo(
  ControllerManagerConfigDefinition,
  CONTROLLER_MANAGER_CONFIG_ID,
);
