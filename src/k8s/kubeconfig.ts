// Talos pkg/kubeconfig Generate: a client certificate issued by the Kubernetes CA and the kubeconfig that
// carries it, in the shape client-go's clientcmd.Write produces (keys sorted, sequences unindented).
import { issueCertificate, loadCertAndKey } from '../pki';
import type { KubernetesRootSpec } from '../resources/secrets/kubernetes-root';

/** constants.KubernetesDefaultCertificateValidityDuration (and the admin default): 365 × 24h. */
export const KUBERNETES_CERT_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;
/** Talos backdates client certificates by this much (allowedTimeSkew). */
const ALLOWED_TIME_SKEW_MS = 10 * 1000;

export interface KubeconfigInput {
  readonly clusterName: string;
  readonly issuingCA: { crt: string; key: string };
  readonly acceptedCAs: readonly string[];
  readonly validityMs: number;
  readonly commonName: string;
  readonly organization: string;
  readonly endpoint: string;
  readonly username: string;
  readonly contextName: string;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** Issues the client certificate and renders the kubeconfig YAML. */
export async function generateKubeconfig(i: KubeconfigInput): Promise<string> {
  const ca = loadCertAndKey(i.issuingCA);
  const now = Date.now();
  const cert = await issueCertificate(ca, {
    commonName: i.commonName,
    organizations: [i.organization],
    notBefore: new Date(now - ALLOWED_TIME_SKEW_MS),
    notAfter: new Date(now + i.validityMs),
    keyUsage: ['digitalSignature', 'keyEncipherment'],
    extKeyUsage: 'client',
  });
  const user = `${i.username}@${i.clusterName}`;
  const context = `${i.contextName}@${i.clusterName}`;
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(i.acceptedCAs.join(''))}`,
    `    server: ${i.endpoint}`,
    `  name: ${i.clusterName}`,
    'contexts:',
    '- context:',
    `    cluster: ${i.clusterName}`,
    '    namespace: default',
    `    user: ${user}`,
    `  name: ${context}`,
    `current-context: ${context}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${user}`,
    '  user:',
    `    client-certificate-data: ${b64(cert.certPem)}`,
    `    client-key-data: ${b64(cert.keyPem)}`,
    '',
  ].join('\n');
}

type Profile = Pick<KubeconfigInput, 'commonName' | 'organization' | 'username' | 'contextName'>;

/** Talos's admin kubeconfig (`kubeconfig.GenerateAdmin`) for a root spec, endpoint and identity. */
export function adminKubeconfig(
  root: KubernetesRootSpec,
  endpoint: string,
  commonName: string,
  validityMs = KUBERNETES_CERT_VALIDITY_MS,
): Promise<string> {
  if (!root.issuingCA) throw new Error('missing Kubernetes issuing CA');
  // GenerateAdmin appends the issuing CA to the accepted CAs once more.
  const acceptedCAs = [...root.acceptedCAs, root.issuingCA.crt];
  return generateKubeconfig({
    clusterName: root.name,
    issuingCA: root.issuingCA,
    acceptedCAs,
    validityMs,
    commonName,
    organization: 'system:masters',
    endpoint,
    username: 'admin',
    contextName: 'admin',
  });
}

/** A component kubeconfig over the local endpoint (controller manager, scheduler). */
export function componentKubeconfig(root: KubernetesRootSpec, who: string): Promise<string> {
  if (!root.issuingCA) throw new Error('missing Kubernetes issuing CA');
  const p: Profile = { commonName: who, organization: who, username: who, contextName: 'default' };
  return generateKubeconfig({
    clusterName: root.name,
    issuingCA: root.issuingCA,
    acceptedCAs: root.acceptedCAs,
    validityMs: KUBERNETES_CERT_VALIDITY_MS,
    endpoint: root.localEndpoint,
    ...p,
  });
}
