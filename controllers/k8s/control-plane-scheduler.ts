// k8s.ControlPlaneSchedulerController: SchedulerConfig ("kube-scheduler" in `controlplane`) from
// `cluster.*` on control-plane nodes: enabled unless `machine.controlPlane.scheduler.disabled`, image,
// extra args/volumes, env, resources and `cluster.scheduler.config`.
import {
  ControlPlaneConfigController,
  DEFAULT_SCHEDULER_IMAGE,
  environment,
  extraArgs,
  extraVolumes,
  podResources,
  type ControlPlaneSections,
} from './control-plane-common';
import {
  SchedulerConfigDefinition,
  SCHEDULER_CONFIG_ID,
  type SchedulerConfigSpec,
} from '../../src/resources/k8s/scheduler-config';

export class ControlPlaneSchedulerController extends ControlPlaneConfigController<SchedulerConfigSpec> {
  readonly name = 'k8s.ControlPlaneSchedulerController';

  constructor() {
    super(SchedulerConfigDefinition.type, SCHEDULER_CONFIG_ID);
  }

  protected build({ machine, cluster }: ControlPlaneSections): SchedulerConfigSpec {
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
}
