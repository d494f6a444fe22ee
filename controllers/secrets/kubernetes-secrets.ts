// secrets.KubernetesController: KubernetesSecrets ("k8s-certs") — the scheduler, controller manager and
// admin kubeconfigs, with client certificates issued by the Kubernetes CA from KubernetesRootSecrets.
// They are issued again only when the root secrets change (or on restart); removed with the root.
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { KUBERNETES_SECRETS, type KubernetesCertsSpec } from '../../src/resources/secrets/kubernetes-secrets';
import { adminKubeconfig, componentKubeconfig } from '../../src/k8s/kubeconfig';

/** constants.KubernetesTalosAdminCertCommonName: the admin identity Talos itself uses. */
export const TALOS_ADMIN_COMMON_NAME = 'talos:admin';

export class KubernetesController implements Controller {
  readonly name = 'secrets.KubernetesController';
  /** The root spec the current output was generated from. */
  private issuedFrom: string | undefined;

  inputs() {
    return [{ ...KUBERNETES_ROOT, kind: 'weak' as const }];
  }

  outputs() {
    return [outputOf(KUBERNETES_SECRETS)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const root = await getOptional<KubernetesRootSpec>(ctx, KUBERNETES_ROOT);
      if (!root) {
        // Not a control-plane node (any more): no kubeconfigs.
        this.issuedFrom = undefined;
        ctx.startTrackingOutputs();
        await ctx.cleanupOutputs();
        continue;
      }
      const key = JSON.stringify(root.spec);
      const current = await getOptional<KubernetesCertsSpec>(ctx, KUBERNETES_SECRETS);
      if (!current || this.issuedFrom !== key) {
        const spec = await kubernetesCerts(root.spec);
        await ctx.modify<KubernetesCertsSpec>(KUBERNETES_SECRETS, () => spec);
        this.issuedFrom = key;
        ctx.logger.info({ cluster: root.spec.name }, 'issued Kubernetes kubeconfigs');
      }
      ctx.resetBackoff();
    }
  }
}

/** All four kubeconfigs, as Talos `updateSecrets`. */
export async function kubernetesCerts(root: KubernetesRootSpec): Promise<KubernetesCertsSpec> {
  const [controllerManagerKubeconfig, schedulerKubeconfig, adminKubeconfigText, localhostAdminKubeconfig] =
    await Promise.all([
      componentKubeconfig(root, 'system:kube-controller-manager'),
      componentKubeconfig(root, 'system:kube-scheduler'),
      adminKubeconfig(root, root.endpoint, TALOS_ADMIN_COMMON_NAME),
      adminKubeconfig(root, root.localEndpoint, TALOS_ADMIN_COMMON_NAME),
    ]);
  return {
    schedulerKubeconfig,
    controllerManagerKubeconfig,
    localhostAdminKubeconfig,
    adminKubeconfig: adminKubeconfigText,
  };
}
