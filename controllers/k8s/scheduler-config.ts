// k8s.ControlPlaneSchedulerController: SchedulerConfig ("kube-scheduler" in `controlplane`) from
// `cluster.*` on control-plane nodes: enabled unless `machine.controlPlane.scheduler.disabled`, image,
// extra args/volumes, env, resources and `cluster.scheduler.config`.
import {
  environment,
  extraArgs,
  extraVolumes,
  podResources,
  onControlPlane,
  type ControlPlaneSections,
} from '../../src/k8s/control-plane-config';
import { derivedController } from '../../src/controller-runtime';
import { MACHINE_CONFIG } from '../../src/resources/config/machine-config';
import { SCHEDULER_CONFIG, type SchedulerConfigSpec } from '../../src/resources/k8s/scheduler-config';
import { DEFAULT_SCHEDULER_IMAGE } from '../../src/k8s/defaults';

export class ControlPlaneSchedulerController extends derivedController(
  'k8s.ControlPlaneSchedulerController',
  MACHINE_CONFIG,
  SCHEDULER_CONFIG,
  onControlPlane(schedulerConfig),
) {}

export function schedulerConfig({ machine, cluster }: ControlPlaneSections): SchedulerConfigSpec {
  const scheduler = cluster.scheduler ?? {};
  return {
    enabled: machine.controlPlane?.scheduler?.disabled !== true,
    image: scheduler.image || DEFAULT_SCHEDULER_IMAGE,
    extraArgs: extraArgs(scheduler.extraArgs),
    extraVolumes: extraVolumes(scheduler.extraVolumes),
    environmentVariables: environment(scheduler.env),
    resources: podResources(scheduler.resources),
    ...(scheduler.config ? { config: structuredClone(scheduler.config) } : {}),
  };
}
