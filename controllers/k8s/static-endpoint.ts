// k8s.StaticEndpointController: Endpoints "controlplane" (namespace controlplane) from the host of
// `cluster.controlPlane.endpoint`: the address itself, or a name resolved to its addresses (the name
// kept in `hosts`). No config with a cluster section: no endpoint.
import { lookup } from 'node:dns/promises';
import { errorMessage } from '../../src/error-message';
import { isIP } from 'node:net';
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import {
  compareAddresses,
  CONTROL_PLANE_ENDPOINTS_ID,
  CONTROL_PLANE_NAMESPACE,
  EndpointDefinition,
  type EndpointSpec,
} from '../../src/resources/k8s/endpoint';

const OUTPUT = {
  namespace: CONTROL_PLANE_NAMESPACE,
  type: EndpointDefinition.type,
  id: CONTROL_PLANE_ENDPOINTS_ID,
};

export interface StaticEndpointControllerOptions {
  /** How a name is resolved (default: the system resolver). */
  readonly resolve?: (host: string) => Promise<string[]>;
}

const systemResolve = async (host: string): Promise<string[]> =>
  (await lookup(host, { all: true })).map((a) => a.address);

export class StaticEndpointController implements Controller {
  readonly name = 'k8s.StaticEndpointController';

  constructor(private readonly opts: StaticEndpointControllerOptions = {}) {}

  inputs() {
    return [{ ...MACHINE_CONFIG, kind: 'weak' as const }];
  }

  outputs() {
    return [{ type: EndpointDefinition.type, namespace: CONTROL_PLANE_NAMESPACE, kind: 'shared' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      ctx.startTrackingOutputs();
      const url = (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config.controlPlaneURL();
      const host = url?.hostname.replace(/^\[|\]$/g, '');
      if (host) {
        let addresses: string[];
        try {
          addresses = isIP(host) ? [host] : await (this.opts.resolve ?? systemResolve)(host);
        } catch (e: unknown) {
          throw new Error(`error resolving "${host}": ${errorMessage(e)}`, {
            cause: e,
          });
        }
        addresses = [...new Set(addresses)].sort(compareAddresses);
        const hosts = addresses.length === 1 && addresses[0] === host ? [] : [host];
        await ctx.modify<EndpointSpec>(OUTPUT, () => ({ addresses, hosts }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
