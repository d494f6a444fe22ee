// secrets.KubernetesDynamicCertsController: KubernetesDynamicCerts ("k8s-dynamic-certs") — kube-apiserver's
// serving certificate (SANs from CertSANs "k8s"), its kubelet client certificate and the front proxy client
// certificate, issued from KubernetesRootSecrets. Issued again when the root secrets or the SANs change, and
// at half their lifetime (a timer wakes the controller); removed with the root secrets.
//
// Talos also waits for the network to be ready and for time to be synchronised first; this agent has no
// NetworkStatus or TimeStatus resources, so it issues as soon as its inputs exist.
import {
  getOptional,
  WakeTimer,
  type Controller,
  type ControllerContext,
  outputOf,
} from '../../src/controller-runtime';
import { issueCertificate, loadCertAndKey, type CertAndKey, type IssueOptions } from '../../src/pki';
import type { PEMCertificateAndKey } from '../../src/resources/secrets/api-certificates';
import { KUBERNETES_CERT_SANS, type CertSANSpec } from '../../src/resources/secrets/cert-sans';
import {
  KUBERNETES_DYNAMIC_CERTS,
  type KubernetesDynamicCertsSpec,
} from '../../src/resources/secrets/kubernetes-dynamic-certs';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { KUBERNETES_CERT_VALIDITY_MS } from '../../src/k8s/kubeconfig';

/** constants.KubernetesAPIServerKubeletClientCommonName */
export const API_SERVER_KUBELET_CLIENT_CN = 'apiserver-kubelet-client';

export interface KubernetesDynamicCertsControllerOptions {
  /** Certificate lifetime; Talos uses 365 × 24h. They are issued again at half of it. */
  readonly validityMs?: number;
}

export class KubernetesDynamicCertsController implements Controller {
  readonly name = 'secrets.KubernetesDynamicCertsController';
  private readonly validityMs: number;
  /** The inputs the current output was issued from, and when it is due for refresh. */
  private issuedFrom: string | undefined;
  private refreshAt = 0;

  constructor(opts: KubernetesDynamicCertsControllerOptions = {}) {
    this.validityMs = opts.validityMs ?? KUBERNETES_CERT_VALIDITY_MS;
  }

  inputs() {
    return [
      { ...KUBERNETES_ROOT, kind: 'weak' as const },
      { ...KUBERNETES_CERT_SANS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [outputOf(KUBERNETES_DYNAMIC_CERTS)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    const refresh = new WakeTimer(ctx);
    try {
      while (await ctx.nextEvent(signal)) {
        const root = await getOptional<KubernetesRootSpec>(ctx, KUBERNETES_ROOT);
        if (!root) {
          refresh.clear();
          this.issuedFrom = undefined;
          ctx.startTrackingOutputs();
          await ctx.cleanupOutputs();
          continue;
        }
        const sans = await getOptional<CertSANSpec>(ctx, KUBERNETES_CERT_SANS);
        if (!sans) continue;
        const key = JSON.stringify([root.spec, sans.spec]);
        const current = await getOptional<KubernetesDynamicCertsSpec>(ctx, KUBERNETES_DYNAMIC_CERTS);
        if (!current || this.issuedFrom !== key || Date.now() >= this.refreshAt) {
          const spec = await issueDynamicCerts(root.spec, sans.spec, this.validityMs);
          await ctx.modify<KubernetesDynamicCertsSpec>(KUBERNETES_DYNAMIC_CERTS, () => spec);
          this.issuedFrom = key;
          this.refreshAt = Date.now() + this.validityMs / 2;
          ctx.logger.info(
            { dnsNames: sans.spec.dnsNames, ips: sans.spec.ips },
            'issued Kubernetes API server certificates',
          );
        }
        refresh.at(this.refreshAt);
        ctx.resetBackoff();
      }
    } finally {
      refresh.clear();
    }
  }
}

const pair = (c: CertAndKey): PEMCertificateAndKey => ({ crt: c.certPem, key: c.keyPem });

/** The three certificates, with Talos's subjects and usages; leaf keys follow each CA's key type. */
export async function issueDynamicCerts(
  root: KubernetesRootSpec,
  sans: CertSANSpec,
  validityMs: number,
): Promise<KubernetesDynamicCertsSpec> {
  if (!root.issuingCA) throw new Error('missing Kubernetes issuing CA');
  const ca = loadCertAndKey(root.issuingCA);
  const aggregator = loadCertAndKey(root.aggregatorCA);
  const now = Date.now();
  const common: Omit<IssueOptions, 'extKeyUsage'> = {
    notBefore: new Date(now),
    notAfter: new Date(now + validityMs),
    keyUsage: ['digitalSignature', 'keyEncipherment'],
  };
  const [apiServer, apiServerKubeletClient, frontProxy] = await Promise.all([
    issueCertificate(ca, {
      ...common,
      commonName: 'kube-apiserver',
      organizations: ['kube-master'],
      dnsNames: sans.dnsNames,
      ipAddresses: sans.ips,
      extKeyUsage: 'server',
    }),
    issueCertificate(ca, {
      ...common,
      commonName: API_SERVER_KUBELET_CLIENT_CN,
      organizations: ['system:masters'],
      extKeyUsage: 'client',
    }),
    issueCertificate(aggregator, { ...common, commonName: 'front-proxy-client', extKeyUsage: 'client' }),
  ]);
  return {
    apiServer: pair(apiServer),
    apiServerKubeletClient: pair(apiServerKubeletClient),
    frontProxy: pair(frontProxy),
  };
}
