// k8s.ControlPlaneControllerManagerController: ControllerManagerConfig ("kube-controller-manager" in
// `controlplane`) from `cluster.*` on control-plane nodes: enabled unless
// `machine.controlPlane.controllerManager.disabled`, image, cloud provider, pod and service CIDRs,
// extra args/volumes, env and resources.
import {
  cloudProvider,
  ControlPlaneConfigController,
  DEFAULT_CONTROLLER_MANAGER_IMAGE,
  environment,
  extraArgs,
  extraVolumes,
  podCIDRs,
  podResources,
  serviceCIDRs,
  type ControlPlaneSections,
} from './control-plane-common';
import {
  ControllerManagerConfigDefinition,
  CONTROLLER_MANAGER_CONFIG_ID,
  type ControllerManagerConfigSpec,
} from '../../src/resources/k8s/controller-manager-config';

export class ControlPlaneControllerManagerController extends ControlPlaneConfigController<ControllerManagerConfigSpec> {
  readonly name = 'k8s.ControlPlaneControllerManagerController';

  constructor() {
    super(ControllerManagerConfigDefinition.type, CONTROLLER_MANAGER_CONFIG_ID);
  }

  protected build({ machine, cluster }: ControlPlaneSections): ControllerManagerConfigSpec {
    const cm = cluster.controllerManager ?? {};
    return {
      enabled: machine.controlPlane?.controllerManager?.disabled !== true,
      image: cm.image || DEFAULT_CONTROLLER_MANAGER_IMAGE,
      cloudProvider: cloudProvider(cluster),
      podCIDRs: podCIDRs(cluster),
      serviceCIDRs: serviceCIDRs(cluster),
      extraArgs: extraArgs(cm.extraArgs),
      extraVolumes: extraVolumes(cm.extraVolumes),
      environmentVariables: environment(cm.env),
      resources: podResources(cm.resources),
    };
  }
}
