// k8s.ControlPlaneStaticPodController: the StaticPods kube-apiserver, kube-controller-manager and
// kube-scheduler (in `k8s`) from their configs in `controlplane`, once the secrets and configuration
// files they mount are on disk (SecretsStatus and ConfigStatus "static-pods", ready). A disabled
// component or a missing config has no pod; without the statuses every pod of this controller goes.
// The pods are built from resource specs and versions only, so an unchanged input leaves its pod as is.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { apiServerPod, type StaticPodVersions } from '../../src/k8s/pods/kube-apiserver';
import { controllerManagerPod } from '../../src/k8s/pods/kube-controller-manager';
import { schedulerPod } from '../../src/k8s/pods/kube-scheduler';
import {
  APISERVER_CONFIG,
  APIServerConfigDefinition,
  type APIServerConfigSpec,
} from '../../src/resources/k8s/apiserver-config';
import { CONFIG_STATUS_STATIC_POD, type ConfigStatusSpec } from '../../src/resources/k8s/config-status';
import { CONTROL_PLANE_NAMESPACE } from '../../src/resources/k8s/control-plane-common';
import {
  CONTROLLER_MANAGER_CONFIG,
  ControllerManagerConfigDefinition,
  type ControllerManagerConfigSpec,
} from '../../src/resources/k8s/controller-manager-config';
import {
  SCHEDULER_CONFIG,
  SchedulerConfigDefinition,
  type SchedulerConfigSpec,
} from '../../src/resources/k8s/scheduler-config';
import { STATIC_POD_SECRETS_STATUS, type SecretsStatusSpec } from '../../src/resources/k8s/secrets-status';
import { StaticPodDefinition, type StaticPodSpec } from '../../src/resources/k8s/static-pod';
import type { Resource, ResourcePointer } from '../../src/state';

const NS = CONTROL_PLANE_NAMESPACE;
const POD_NAMESPACE = StaticPodDefinition.defaultNamespace;

export class ControlPlaneStaticPodController implements Controller {
  readonly name = 'k8s.ControlPlaneStaticPodController';

  inputs() {
    return [
      { namespace: NS, type: APIServerConfigDefinition.type, kind: 'weak' as const },
      { namespace: NS, type: ControllerManagerConfigDefinition.type, kind: 'weak' as const },
      { namespace: NS, type: SchedulerConfigDefinition.type, kind: 'weak' as const },
      { ...STATIC_POD_SECRETS_STATUS, kind: 'weak' as const },
      { ...CONFIG_STATUS_STATIC_POD, kind: 'weak' as const },
      // Talos also waits for the etcd service to be healthy (v1alpha1.Service "etcd", tearing the pods
      // down while it is absent). That input goes here once the service supervisor publishes Services.
    ];
  }

  outputs() {
    return [{ type: StaticPodDefinition.type, namespace: POD_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const secrets = await getOptional<SecretsStatusSpec>(ctx, STATIC_POD_SECRETS_STATUS);
      const files = await getOptional<ConfigStatusSpec>(ctx, CONFIG_STATUS_STATIC_POD);
      // Without secrets or configuration files on disk the pods cannot start: none are kept.
      if (secrets?.spec.ready === true && files?.spec.ready === true)
        await this.reconcile(ctx, secrets.spec.version, files.spec.version);
      await ctx.cleanupOutputs();
    }
  }

  private async reconcile(ctx: ControllerContext, secrets: string, configFiles: string): Promise<void> {
    const versions = (r: Resource<unknown>): StaticPodVersions => ({
      secrets,
      config: String(r.metadata.version),
      configFiles,
    });
    const api = await getOptional<APIServerConfigSpec>(ctx, APISERVER_CONFIG);
    if (api) await this.write(ctx, APISERVER_CONFIG.id, apiServerPod(api.spec, versions(api)));
    const cm = await getOptional<ControllerManagerConfigSpec>(ctx, CONTROLLER_MANAGER_CONFIG);
    if (cm?.spec.enabled)
      await this.write(ctx, CONTROLLER_MANAGER_CONFIG.id, controllerManagerPod(cm.spec, versions(cm)));
    const scheduler = await getOptional<SchedulerConfigSpec>(ctx, SCHEDULER_CONFIG);
    if (scheduler?.spec.enabled)
      await this.write(ctx, SCHEDULER_CONFIG.id, schedulerPod(scheduler.spec, versions(scheduler)));
  }

  private async write(ctx: ControllerContext, id: string, pod: Record<string, unknown>): Promise<void> {
    const pointer: ResourcePointer = { namespace: POD_NAMESPACE, type: StaticPodDefinition.type, id };
    await ctx.modify<StaticPodSpec>(pointer, () => ({ pod }));
  }
}
