// EtcdSecrets.secrets.talos.dev: this node's etcd certificates, issued by the etcd CA (id "etcd");
// control plane only, sensitive. Talos names the spec EtcdCertsSpec.
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';
import { pemPairToProto, pemPairToYAML } from './etcd-root';

export const ETCD_SECRETS_ID = 'etcd';

export interface EtcdCertsSpec {
  /** etcd's client-facing server certificate (serverAuth + clientAuth). */
  etcd: PEMCertificateAndKey;
  /** etcd's peer certificate (serverAuth + clientAuth). */
  etcdPeer: PEMCertificateAndKey;
  /** Talos's own etcd client certificate (CN "talos"). */
  etcdAdmin: PEMCertificateAndKey;
  /** kube-apiserver's etcd client certificate (CN "kube-apiserver"). */
  etcdAPIServer: PEMCertificateAndKey;
}

export const EtcdSecretsDefinition = defineResource<EtcdCertsSpec>({
  type: 'EtcdSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.EtcdCertsSpec',
  toProto: (s) => ({
    etcd: pemPairToProto(s.etcd),
    etcd_peer: pemPairToProto(s.etcdPeer),
    etcd_admin: pemPairToProto(s.etcdAdmin),
    etcd_api_server: pemPairToProto(s.etcdAPIServer),
  }),
  toYAML: (s) => ({
    etcd: pemPairToYAML(s.etcd),
    etcdPeer: pemPairToYAML(s.etcdPeer),
    etcdAdmin: pemPairToYAML(s.etcdAdmin),
    etcdAPIServer: pemPairToYAML(s.etcdAPIServer),
  }),
});

export const ETCD_SECRETS = pointerTo(EtcdSecretsDefinition, ETCD_SECRETS_ID);
