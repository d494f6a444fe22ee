// secrets.KubernetesController: KubernetesSecrets ("k8s-certs") — the scheduler, controller manager and
// admin kubeconfigs, with client certificates issued by the Kubernetes CA from KubernetesRootSecrets.
// They are issued again only when the root secrets change (or on restart); removed with the root.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import {
  KubernetesRootDefinition,
  KUBERNETES_ROOT_ID,
  type KubernetesRootSpec,
} from '../../src/resources/secrets/kubernetes-root';
import {
  KubernetesSecretsDefinition,
  KUBERNETES_SECRETS_ID,
  type KubernetesCertsSpec,
} from '../../src/resources/secrets/kubernetes-secrets';
import { adminKubeconfig, componentKubeconfig } from '../../src/k8s/kubeconfig';

const ROOT = { namespace: 'secrets', type: KubernetesRootDefinition.type, id: KUBERNETES_ROOT_ID };
const OUTPUT = { namespace: 'secrets', type: KubernetesSecretsDefinition.type, id: KUBERNETES_SECRETS_ID };

/** constants.KubernetesTalosAdminCertCommonName: the admin identity Talos itself uses. */
export const TALOS_ADMIN_COMMON_NAME = 'talos:admin';

export class KubernetesController implements Controller {
  readonly name = 'secrets.KubernetesController';
  /** The root spec the current output was generated from. */
  private issuedFrom: string | undefined;

  inputs() {
    return [{ ...ROOT, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const root = await getOptional<KubernetesRootSpec>(ctx, ROOT);
      if (!root) {
        // Not a control-plane node (any more): no kubeconfigs.
        this.issuedFrom = undefined;
        ctx.startTrackingOutputs();
        await ctx.cleanupOutputs();
        continue;
      }
      const key = JSON.stringify(root.spec);
      const current = await getOptional<KubernetesCertsSpec>(ctx, OUTPUT);
      if (!current || this.issuedFrom !== key) {
        const spec = await kubernetesCerts(root.spec);
        await ctx.modify<KubernetesCertsSpec>(OUTPUT, () => spec);
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
