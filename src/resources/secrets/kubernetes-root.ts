// KubernetesRootSecrets.secrets.talos.dev: the Kubernetes root secrets from the machine config (id "k8s"):
// CAs, service account key, endpoints, names and encryption secrets; control plane only, sensitive.
import { ipAddressBytes } from '../../pki/x509-build';
import { defineResource, pointerTo } from '../definition';
import type { PEMCertificateAndKey } from './api-certificates';
import { pemPairToProto, pemPairToYAML } from './etcd-root';

export const KUBERNETES_ROOT_ID = 'k8s';

export interface KubernetesRootSpec {
  name: string;
  /** The control-plane endpoint URL, as written in the config. */
  endpoint: string;
  /** https://127.0.0.1:<KubePrism port>, or https://localhost:<local API server port>. */
  localEndpoint: string;
  certSANs: string[];
  /** The first address of each service subnet. */
  apiServerIPs: string[];
  dnsDomain: string;
  /** The Kubernetes CA (PEM); absent when the config carries only its certificate. */
  issuingCA?: PEMCertificateAndKey;
  /** PEM certificates API server clients accept: `cluster.acceptedCAs`, then the issuing CA's. */
  acceptedCAs: string[];
  /** PEM service account private key. */
  serviceAccount?: string;
  aggregatorCA: PEMCertificateAndKey;
  aesCBCEncryptionSecret: string;
  bootstrapTokenID: string;
  bootstrapTokenSecret: string;
  secretboxEncryptionSecret: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** yaml.v3's rendering of a Go `*url.URL` (a struct without a YAML marshaler). */
function urlToYAML(raw: string): Record<string, unknown> {
  let u: URL | undefined;
  try {
    u = new URL(raw);
  } catch (e: unknown) {
    if (!(e instanceof TypeError)) throw e;
  }
  const path = u && u.pathname !== '/' ? u.pathname : '';
  return {
    scheme: u ? u.protocol.replace(/:$/, '') : '',
    opaque: '',
    user: null,
    host: u ? u.host : '',
    path,
    rawpath: '',
    omithost: false,
    forcequery: false,
    rawquery: u ? u.search.replace(/^\?/, '') : '',
    fragment: u ? u.hash.replace(/^#/, '') : '',
    rawfragment: '',
  };
}

export const KubernetesRootDefinition = defineResource<KubernetesRootSpec>({
  type: 'KubernetesRootSecrets.secrets.talos.dev',
  defaultNamespace: 'secrets',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.secrets.KubernetesRootSpec',
  toProto: (s) => ({
    name: s.name,
    endpoint: { full_path: s.endpoint },
    local_endpoint: { full_path: s.localEndpoint },
    cert_sa_ns: s.certSANs,
    dns_domain: s.dnsDomain,
    ...(s.issuingCA ? { issuing_ca: pemPairToProto(s.issuingCA) } : {}),
    ...(s.serviceAccount ? { service_account: { key: Buffer.from(s.serviceAccount) } } : {}),
    aggregator_ca: pemPairToProto(s.aggregatorCA),
    aescbc_encryption_secret: s.aesCBCEncryptionSecret,
    bootstrap_token_id: s.bootstrapTokenID,
    bootstrap_token_secret: s.bootstrapTokenSecret,
    secretbox_encryption_secret: s.secretboxEncryptionSecret,
    api_server_ips: s.apiServerIPs.map((ip) => ({ ip: ipAddressBytes(ip) })),
    accepted_c_as: s.acceptedCAs.map((crt) => ({ crt: Buffer.from(crt) })),
  }),
  toYAML: (s) => ({
    name: s.name,
    endpoint: urlToYAML(s.endpoint),
    local_endpoint: urlToYAML(s.localEndpoint),
    certSANs: s.certSANs,
    apiServerIPs: s.apiServerIPs,
    dnsDomain: s.dnsDomain,
    issuingCA: s.issuingCA ? pemPairToYAML(s.issuingCA) : null,
    acceptedCAs: s.acceptedCAs.map((crt) => ({ crt: b64(crt) })),
    serviceAccount: s.serviceAccount ? { key: b64(s.serviceAccount) } : null,
    aggregatorCA: pemPairToYAML(s.aggregatorCA),
    aesCBCEncryptionSecret: s.aesCBCEncryptionSecret,
    bootstrapTokenID: s.bootstrapTokenID,
    bootstrapTokenSecret: s.bootstrapTokenSecret,
    secretboxEncryptionSecret: s.secretboxEncryptionSecret,
  }),
});

export const KUBERNETES_ROOT = pointerTo(KubernetesRootDefinition, KUBERNETES_ROOT_ID);
