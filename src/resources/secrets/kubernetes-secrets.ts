// KubernetesSecrets.secrets.talos.dev: the kubeconfigs Talos generates for the control plane (id
// "k8s-certs"); control plane only, sensitive. Talos names the spec KubernetesCertsSpec.
import { defineResource, pointerTo } from '../definition';

export const KUBERNETES_SECRETS_ID = 'k8s-certs';

export interface KubernetesCertsSpec {
  /** kube-scheduler's kubeconfig (local endpoint). */
  schedulerKubeconfig: string;
  /** kube-controller-manager's kubeconfig (local endpoint). */
  controllerManagerKubeconfig: string;
  /** Talos's admin kubeconfig over the local endpoint. */
  localhostAdminKubeconfig: string;
  /** Talos's admin kubeconfig (CN talos:admin, O system:masters) over the control-plane endpoint. */
  adminKubeconfig: string;
}

export const KubernetesSecretsDefinition = defineResource<KubernetesCertsSpec>({
  type: 'KubernetesSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.KubernetesCertsSpec',
  toProto: (s) => ({
    scheduler_kubeconfig: s.schedulerKubeconfig,
    controller_manager_kubeconfig: s.controllerManagerKubeconfig,
    localhost_admin_kubeconfig: s.localhostAdminKubeconfig,
    admin_kubeconfig: s.adminKubeconfig,
  }),
  toYAML: (s) => ({
    schedulerKubeconfig: s.schedulerKubeconfig,
    controllerManagerKubeconfig: s.controllerManagerKubeconfig,
    localhostAdminKubeconfig: s.localhostAdminKubeconfig,
    adminKubeconfig: s.adminKubeconfig,
  }),
});

export const KUBERNETES_SECRETS = pointerTo(KubernetesSecretsDefinition, KUBERNETES_SECRETS_ID);
