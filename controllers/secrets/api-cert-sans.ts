// secrets.APICertSANsController: CertSANs "api", the names apid's certificate is issued for — the
// extra SANs of OSRootSecrets, the node's addresses, 127.0.0.1, and the hostname with its FQDN (also
// the certificate's CN). Without OSRootSecrets (maintenance) there is none.
//
// Talos reads the node addresses from NodeAddresses ("accumulative" without Kubernetes-only ones);
// there is no such resource here yet, so they come from the constructor (the agent's listen address).
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import type { HostnameStatusSpec } from '../../src/resources/network/hostname-status';
import { HostnameStatusDefinition } from '../../src/resources/network/hostname-status';
import {
  API_CERT_SANS_ID,
  CertSANsDefinition,
  type CertSANSpec,
} from '../../src/resources/secrets/cert-sans';
import { OSRootDefinition, OS_ROOT_ID, type OSRootSpec } from '../../src/resources/secrets/os-root';
import { CertSANsBuilder } from '../../src/secrets/cert-sans';

const ROOT = { namespace: 'secrets', type: OSRootDefinition.type, id: OS_ROOT_ID };
export const HOSTNAME_STATUS = { namespace: 'network', type: HostnameStatusDefinition.type, id: 'hostname' };
const OUTPUT = { namespace: 'secrets', type: CertSANsDefinition.type, id: API_CERT_SANS_ID };

export interface APICertSANsControllerOptions {
  /** The node's addresses. */
  readonly addresses: readonly string[];
}

/** HostnameStatusSpec.FQDN(). */
export const fqdnOf = (h: HostnameStatusSpec): string =>
  h.domainname === '' ? h.hostname : `${h.hostname}.${h.domainname}`;

export class APICertSANsController implements Controller {
  readonly name = 'secrets.APICertSANsController';

  constructor(private readonly opts: APICertSANsControllerOptions) {}

  inputs() {
    return [
      { ...ROOT, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const root = await getOptional<OSRootSpec>(ctx, ROOT);
      if (!root) {
        ctx.startTrackingOutputs();
        await ctx.cleanupOutputs();
        continue;
      }
      const hostname = await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS);
      if (!hostname) continue;
      const spec = apiCertSANs(root.spec, hostname.spec, this.opts.addresses);
      await ctx.modify<CertSANSpec>(OUTPUT, () => spec);
      ctx.resetBackoff();
    }
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
