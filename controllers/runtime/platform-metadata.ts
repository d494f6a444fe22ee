// runtime.PlatformMetadataController: PlatformMetadatas ("platformmetadata"), what the platform tells
// about the machine. In a container: the platform name, the node's name and the SKU the host passed in
// TALOSSKU (as Talos's container platform does); on metal: the platform name.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import { fqdn, NETWORK_NAMESPACE } from '../../src/resources/network/hostname-spec';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import {
  PlatformMetadataDefinition,
  PLATFORM_METADATA_ID,
  type PlatformMetadataSpec,
} from '../../src/resources/runtime/platform-metadata';

const HOSTNAME = { namespace: NETWORK_NAMESPACE, type: HostnameStatusDefinition.type, id: 'hostname' };
const OUTPUT = { namespace: 'runtime', type: PlatformMetadataDefinition.type, id: PLATFORM_METADATA_ID };

export interface PlatformMetadataControllerOptions {
  readonly platform: string;
  /** The host's environment (the SKU of a container). */
  readonly env?: NodeJS.ProcessEnv;
}

export class PlatformMetadataController implements Controller {
  readonly name = 'runtime.PlatformMetadataController';

  constructor(private readonly opts: PlatformMetadataControllerOptions) {}

  inputs() {
    return this.opts.platform === 'container' ? [{ ...HOSTNAME, kind: 'weak' as const }] : [];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const spec: PlatformMetadataSpec = { platform: this.opts.platform };
      if (this.opts.platform === 'container') {
        const hostname = (await getOptional<HostnameStatusSpec>(ctx, HOSTNAME))?.spec;
        if (hostname) spec.hostname = fqdn(hostname);
        const sku = (this.opts.env ?? process.env)['TALOSSKU'];
        if (sku) spec.instanceType = sku;
      }
      await ctx.modify<PlatformMetadataSpec>(OUTPUT, () => spec);
      ctx.resetBackoff();
    }
  }
}
