// secrets.KubernetesCertSANsController: CertSANs "k8s" — the names kube-apiserver's serving certificate
// carries: the control-plane endpoint's host, `apiServer.certSANs`, the in-cluster service names, the
// node's hostname and FQDN, the API server service IPs, the node's addresses and 127.0.0.1.
// Removed (its own resource only: CertSANs is shared with the Talos API's SANs) on non-control-plane nodes.
import { isIP } from 'node:net';
import { TransformController } from '../../src/controller-runtime';
import { ipAddressBytes } from '../../src/pki/x509-build';
import {
  fqdnOf,
  withHostnameStatus,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import { KUBERNETES_CERT_SANS, type CertSANSpec } from '../../src/resources/secrets/cert-sans';
import { KUBERNETES_ROOT, type KubernetesRootSpec } from '../../src/resources/secrets/kubernetes-root';
import { usableNodeAddresses } from '../../src/network/node-addresses';

export interface KubernetesCertSANsControllerOptions {
  /**
   * The node's addresses. Talos reads NodeAddresses (accumulative, no-k8s filter), which this agent does
   * not have yet; unspecified addresses (0.0.0.0, ::) and non-IPs are dropped.
   */
  readonly addresses?: readonly string[];
}

export class KubernetesCertSANsController extends TransformController<KubernetesRootSpec, CertSANSpec> {
  constructor(opts: KubernetesCertSANsControllerOptions = {}) {
    const addresses = usableNodeAddresses(opts.addresses);
    super(
      withHostnameStatus<KubernetesRootSpec, CertSANSpec>({
        name: 'secrets.KubernetesCertSANsController',
        input: KUBERNETES_ROOT,
        output: KUBERNETES_CERT_SANS,
        // Shared: the Talos API's CertSANs ("api") come from another controller.
        outputKind: 'shared',
        derive: (root, hostname) => kubernetesCertSANs(root, hostname, addresses),
      }),
    );
  }
}

/** Go's text of an address (netip.Addr.String()): dotted IPv4, compressed lower-case IPv6. */
function canonicalIP(ip: string): string {
  const bare = ip.replace(/%.*$/, '');
  if (isIP(bare) === 4 || bare.includes('.')) return bare.toLowerCase();
  return new URL(`http://[${bare}]/`).hostname.replace(/^\[|\]$/g, '');
}

/** netip.Addr.Compare: IPv4 before IPv6, then by bytes. */
function compareIPs(a: string, b: string): number {
  const ba = ipAddressBytes(a);
  const bb = ipAddressBytes(b);
  return ba.length - bb.length || Buffer.compare(ba, bb);
}

/** The URL's host without brackets or port (Go url.URL.Hostname()); "" when it does not parse. */
function endpointHost(endpoint: string): string {
  try {
    return new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  } catch (e: unknown) {
    if (e instanceof TypeError) return '';
    throw e;
  }
}

/** A CertSANSpec under construction, with Talos's splitting and de-duplication rules. */
class SANs {
  readonly ips: string[] = [];
  readonly dnsNames: string[] = [];

  /** Each value goes to the IPs when it parses as one, else to the DNS names. */
  add(...values: string[]): void {
    for (const v of values) {
      if (isIP(v.replace(/%.*$/, '')) !== 0) this.addIPs(v);
      else this.addDNSNames(v);
    }
  }

  addIPs(...ips: readonly string[]): void {
    for (const ip of ips) {
      const c = canonicalIP(ip);
      if (!this.ips.includes(c)) this.ips.push(c);
    }
  }

  /** Trailing dots are dropped; empty names skipped. */
  addDNSNames(...names: string[]): void {
    for (const n of names) {
      const name = n.replace(/\.+$/, '');
      if (name !== '' && !this.dnsNames.includes(name)) this.dnsNames.push(name);
    }
  }

  spec(): CertSANSpec {
    return {
      ips: [...this.ips].sort(compareIPs),
      dnsNames: [...this.dnsNames].sort(),
      // Talos leaves the FQDN of the Kubernetes SANs empty.
      fqdn: '',
    };
  }
}

/** The SANs of kube-apiserver's serving certificate. */
export function kubernetesCertSANs(
  root: KubernetesRootSpec,
  hostname: HostnameStatusSpec,
  addresses: readonly string[],
): CertSANSpec {
  const sans = new SANs();
  sans.add(endpointHost(root.endpoint));
  sans.add(...root.certSANs);
  sans.addDNSNames(
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${root.dnsDomain}`,
    'localhost',
  );
  sans.add(hostname.hostname, fqdnOf(hostname));
  sans.addIPs(...root.apiServerIPs);
  sans.addIPs(...addresses);
  sans.addIPs('127.0.0.1');
  return sans.spec();
}
