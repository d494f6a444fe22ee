// k8s.RenderConfigsStaticPodController: writes the configuration files the control-plane pods mount
// (admission control, audit policy and authorization for kube-apiserver under
// /system/config/kubernetes/kube-apiserver; the scheduler configuration under .../kube-scheduler),
// below the root directory, each atomically and read-only for the component's user; then reports
// ConfigStatus "static-pods" ready with a version made of its inputs' versions, which changes
// whenever a file's content may have.
import { join } from 'node:path';
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  admissionConfiguration,
  auditPolicy,
  authorizationConfiguration,
  schedulerConfiguration,
  toKubernetesYAML,
} from '../../src/k8s/control-plane-config-files';
import {
  APISERVER_CONFIG_DIR,
  APISERVER_RUN_AS,
  SCHEDULER_CONFIG_DIR,
  SCHEDULER_RUN_AS,
} from '../../src/k8s/pods/pod-common';
import { writeFileIfChanged } from '../../src/files/atomic-write';
import {
  ADMISSION_CONTROL_CONFIG,
  type AdmissionControlConfigSpec,
} from '../../src/resources/k8s/admission-control-config';
import { AUDIT_POLICY_CONFIG, type AuditPolicyConfigSpec } from '../../src/resources/k8s/audit-policy-config';
import {
  AUTHORIZATION_CONFIG,
  type AuthorizationConfigSpec,
} from '../../src/resources/k8s/authorization-config';
import {
  CONFIG_STATUS_STATIC_POD,
  ConfigStatusDefinition,
  type ConfigStatusSpec,
} from '../../src/resources/k8s/config-status';
import { CONTROL_PLANE_NAMESPACE } from '../../src/resources/k8s/control-plane-common';
import { SCHEDULER_CONFIG, type SchedulerConfigSpec } from '../../src/resources/k8s/scheduler-config';

const NS = CONTROL_PLANE_NAMESPACE;

export interface RenderConfigsStaticPodControllerOptions {
  /** The directory standing in for `/`. */
  readonly rootDir: string;
}

interface ConfigFile {
  readonly dir: string;
  readonly name: string;
  readonly owner: number;
  readonly content: Record<string, unknown>;
}

export class RenderConfigsStaticPodController implements Controller {
  readonly name = 'k8s.RenderConfigsStaticPodController';

  constructor(private readonly opts: RenderConfigsStaticPodControllerOptions) {}

  inputs() {
    return [ADMISSION_CONTROL_CONFIG, AUDIT_POLICY_CONFIG, AUTHORIZATION_CONFIG, SCHEDULER_CONFIG].map(
      (p) => ({
        namespace: p.namespace,
        type: p.type,
        kind: 'weak' as const,
      }),
    );
  }

  outputs() {
    return [{ type: ConfigStatusDefinition.type, namespace: NS, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const admission = await getOptional<AdmissionControlConfigSpec>(ctx, ADMISSION_CONTROL_CONFIG);
      const audit = await getOptional<AuditPolicyConfigSpec>(ctx, AUDIT_POLICY_CONFIG);
      const authorization = await getOptional<AuthorizationConfigSpec>(ctx, AUTHORIZATION_CONFIG);
      const scheduler = await getOptional<SchedulerConfigSpec>(ctx, SCHEDULER_CONFIG);
      // Like Talos, a status already written stays when the configs go (off the control plane).
      if (!admission || !audit || !authorization || !scheduler) continue;
      const files: ConfigFile[] = [
        {
          dir: APISERVER_CONFIG_DIR,
          name: 'admission-control-config.yaml',
          owner: APISERVER_RUN_AS,
          content: admissionConfiguration(admission.spec),
        },
        {
          dir: APISERVER_CONFIG_DIR,
          name: 'auditpolicy.yaml',
          owner: APISERVER_RUN_AS,
          content: auditPolicy(audit.spec),
        },
        {
          dir: APISERVER_CONFIG_DIR,
          name: 'authorization-config.yaml',
          owner: APISERVER_RUN_AS,
          content: authorizationConfiguration(authorization.spec),
        },
        {
          dir: SCHEDULER_CONFIG_DIR,
          name: 'scheduler-config.yaml',
          owner: SCHEDULER_RUN_AS,
          content: schedulerConfiguration(scheduler.spec),
        },
      ];
      for (const file of files) await this.write(ctx, file);
      const version = [admission, audit, authorization, scheduler]
        .map((r) => String(r.metadata.version))
        .join('');
      await ctx.modify<ConfigStatusSpec>(CONFIG_STATUS_STATIC_POD, () => ({ ready: true, version }));
      ctx.resetBackoff();
    }
  }

  private async write(ctx: ControllerContext, file: ConfigFile): Promise<void> {
    const path = join(this.opts.rootDir, file.dir, file.name);
    const text = await toKubernetesYAML(file.content);
    // The component reads its file as its own user; only root can hand it over.
    const owner = process.getuid?.() === 0 ? file.owner : undefined;
    if (!(await writeFileIfChanged(path, text, { mode: 0o400, dirMode: 0o755, owner }))) return;
    ctx.logger.debug({ file: join(file.dir, file.name) }, 'rendered control plane configuration file');
  }
}
