// secrets.APICertSANsController: CertSANs "api", the names apid's certificate is issued for — the
// extra SANs of OSRootSecrets, the node's addresses, 127.0.0.1, and the hostname with its FQDN (also
// the certificate's CN). Without OSRootSecrets (maintenance) there is none.
//
// Talos reads the node addresses from NodeAddresses ("accumulative" without Kubernetes-only ones);
// there is no such resource here yet, so they come from the constructor (the agent's listen address).
import { TransformController } from '../../src/controller-runtime';
import {
  fqdnOf,
  withHostnameStatus,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import { API_CERT_SANS, type CertSANSpec } from '../../src/resources/secrets/cert-sans';
import { OS_ROOT, type OSRootSpec } from '../../src/resources/secrets/os-root';
import { CertSANsBuilder } from '../../src/secrets/cert-sans';

export interface APICertSANsControllerOptions {
  /** The node's addresses. */
  readonly addresses: readonly string[];
}

export class APICertSANsController extends TransformController<OSRootSpec, CertSANSpec> {
  constructor(opts: APICertSANsControllerOptions) {
    super(
      withHostnameStatus<OSRootSpec, CertSANSpec>({
        name: 'secrets.APICertSANsController',
        input: OS_ROOT,
        output: API_CERT_SANS,
        outputKind: 'shared',
        derive: (root, hostname) => apiCertSANs(root, hostname, opts.addresses),
      }),
    );
  }
}

export function apiCertSANs(
  root: OSRootSpec,
  hostname: HostnameStatusSpec,
  addresses: readonly string[],
): CertSANSpec {
  const fqdn = fqdnOf(hostname);
  return new CertSANsBuilder()
    .appendIPs(...root.certSANIPs, '127.0.0.1')
    .append(...addresses)
    .appendDNSNames(...root.certSANDNSNames, hostname.hostname, fqdn)
    .setFQDN(fqdn)
    .build();
}
