// k8s.ControlPlaneControllerManagerController: ControllerManagerConfig ("kube-controller-manager" in
// `controlplane`) from `cluster.*` on control-plane nodes: enabled unless
// `machine.controlPlane.controllerManager.disabled`, image, cloud provider, pod and service CIDRs,
// extra args/volumes, env and resources.
import {
  cloudProvider,
  environment,
  extraArgs,
  extraVolumes,
  podCIDRs,
  podResources,
  serviceCIDRs,
  onControlPlane,
  type ControlPlaneSections,
} from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import {
  CONTROLLER_MANAGER_CONFIG,
  type ControllerManagerConfigSpec,
} from '../../src/resources/k8s/controller-manager-config';
import { DEFAULT_CONTROLLER_MANAGER_IMAGE } from '../../src/k8s/defaults';

export class ControlPlaneControllerManagerController extends derivedController(
  'k8s.ControlPlaneControllerManagerController',
  MACHINE_CONFIG,
  CONTROLLER_MANAGER_CONFIG,
  onControlPlane(controllerManagerConfig),
) {}

export function controllerManagerConfig({
  machine,
  cluster,
}: ControlPlaneSections): ControllerManagerConfigSpec {
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
