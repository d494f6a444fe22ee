// KubernetesDynamicCerts.secrets.talos.dev: the control plane's certificates that kube-apiserver reloads by
// itself when they change (id "k8s-dynamic-certs"): its serving certificate, its kubelet client certificate
// and the front proxy client certificate. Control plane only, sensitive.
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';
import { pemPairToProto, pemPairToYAML } from './etcd-root';

export const KUBERNETES_DYNAMIC_CERTS_ID = 'k8s-dynamic-certs';

export interface KubernetesDynamicCertsSpec {
  /** kube-apiserver's serving certificate (Kubernetes CA; SANs from CertSANs "k8s"). */
  apiServer: PEMCertificateAndKey;
  /** kube-apiserver's client certificate towards kubelets (Kubernetes CA). */
  apiServerKubeletClient: PEMCertificateAndKey;
  /** The front proxy (aggregation layer) client certificate (aggregator CA). */
  frontProxy: PEMCertificateAndKey;
}

export const KubernetesDynamicCertsDefinition = defineResource<KubernetesDynamicCertsSpec>({
  type: 'KubernetesDynamicCerts.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.KubernetesDynamicCertsSpec',
  toProto: (s) => ({
    api_server: pemPairToProto(s.apiServer),
    api_server_kubelet_client: pemPairToProto(s.apiServerKubeletClient),
    front_proxy: pemPairToProto(s.frontProxy),
  }),
  toYAML: (s) => ({
    apiServer: pemPairToYAML(s.apiServer),
    apiServerKubeletClient: pemPairToYAML(s.apiServerKubeletClient),
    frontProxy: pemPairToYAML(s.frontProxy),
  }),
});

export const KUBERNETES_DYNAMIC_CERTS = pointerTo(
  KubernetesDynamicCertsDefinition,
  KUBERNETES_DYNAMIC_CERTS_ID,
);
