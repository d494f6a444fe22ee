// runtime.APIServiceConfigController: APIServiceConfigs ("apid"), how apid listens and whom it
// trusts, following ApiCertificates: maintenance certificates (no client verification) mean the
// maintenance API — every caller a reader, no routing to other nodes; any other certificates mean the
// full API with mTLS. No certificates, no config: apid is down.
//
// Talos keys maintenance mode on a MaintenanceServiceRequest from the boot sequence and listens on all
// addresses; here the certificates carry the mode (only maintenance ones skip client verification) and
// apid listens on the agent's address.
import { isIP } from 'node:net';
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import {
  API_SERVICE_CONFIG,
  type APIServiceConfigSpec,
} from '../../src/resources/runtime/api-service-config';
import { API_CERTIFICATES, type APICertsSpec } from '../../src/resources/secrets/api-certificates';

/** constants.ApidPort */
export const APID_PORT = 50000;

export interface APIServiceConfigControllerOptions {
  /** The address apid binds. */
  readonly address: string;
  readonly port?: number;
}

export class APIServiceConfigController implements Controller {
  readonly name = 'runtime.APIServiceConfigController';
  private readonly listenAddress: string;

  constructor(opts: APIServiceConfigControllerOptions) {
    const host = isIP(opts.address) === 6 ? `[${opts.address}]` : opts.address;
    this.listenAddress = `${host}:${opts.port ?? APID_PORT}`;
  }

  inputs() {
    return [{ ...API_CERTIFICATES, kind: 'weak' as const }];
  }

  outputs() {
    return [outputOf(API_SERVICE_CONFIG)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const certs = await getOptional<APICertsSpec>(ctx, API_CERTIFICATES);
      ctx.startTrackingOutputs();
      if (certs) {
        const maintenance = certs.spec.skipVerifyingClientCert;
        await ctx.modify<APIServiceConfigSpec>(API_SERVICE_CONFIG, () => ({
          listenAddress: this.listenAddress,
          nodeRoutingDisabled: maintenance,
          readonlyRoleMode: maintenance,
          skipVerifyingClientCert: maintenance,
        }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
