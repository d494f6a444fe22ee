// secrets.MaintenanceCertSANsController: CertSANs "maintenance", the names of the maintenance-mode API
// certificate — the node's addresses, 127.0.0.1 and ::1, the hostname (and FQDN) once known — with the
// CN maintenance-service.talos.dev. Node addresses come from the constructor (see api-cert-sans.ts).
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import {
  fqdnOf,
  HOSTNAME_STATUS,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import { MAINTENANCE_CERT_SANS, type CertSANSpec } from '../../src/resources/secrets/cert-sans';
import { CertSANsBuilder } from '../../src/secrets/cert-sans';

/** constants.MaintenanceServiceCommonName */
export const MAINTENANCE_SERVICE_COMMON_NAME = 'maintenance-service.talos.dev';

export interface MaintenanceCertSANsControllerOptions {
  readonly addresses: readonly string[];
}

export class MaintenanceCertSANsController implements Controller {
  readonly name = 'secrets.MaintenanceCertSANsController';

  constructor(private readonly opts: MaintenanceCertSANsControllerOptions) {}

  inputs() {
    return [{ ...HOSTNAME_STATUS, kind: 'weak' as const }];
  }

  outputs() {
    return [outputOf(MAINTENANCE_CERT_SANS, 'shared')];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const hostname = await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS);
      const spec = maintenanceCertSANs(hostname?.spec, this.opts.addresses);
      await ctx.modify<CertSANSpec>(MAINTENANCE_CERT_SANS, () => spec);
      ctx.resetBackoff();
    }
  }
}

export function maintenanceCertSANs(
  hostname: HostnameStatusSpec | undefined,
  addresses: readonly string[],
): CertSANSpec {
  const sans = new CertSANsBuilder().append(...addresses).appendIPs('127.0.0.1', '::1');
  if (hostname)
    sans.appendDNSNames(hostname.hostname, ...(hostname.domainname !== '' ? [fqdnOf(hostname)] : []));
  return sans.setFQDN(MAINTENANCE_SERVICE_COMMON_NAME).build();
}
