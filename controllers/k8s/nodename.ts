// k8s.NodenameController: the Kubernetes node name from the HostnameStatus and the kubelet config:
// the hostname (or the FQDN with `machine.kubelet.registerWithFQDN`), made RFC 1123 compliant.
import { getOptional, type Controller, type ControllerContext, outputOf } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import { MACHINE_CONFIG, type MachineConfigSpec } from '../../src/resources/config/machine-config';
import { NODENAME, type NodenameSpec } from '../../src/resources/k8s/nodename';
import { fqdn } from '../../src/resources/network/hostname-spec';
import { HOSTNAME_STATUS, type HostnameStatusSpec } from '../../src/resources/network/hostname-status';
import type { Resource } from '../../src/state';

export class InvalidNodenameError extends Error {
  constructor(readonly hostname: string) {
    super(`could not convert hostname "${hostname}" to a valid Kubernetes Node name`);
    this.name = 'InvalidNodenameError';
  }
}

/** Talos `nodename.FromHostname`: ASCII lower-case, `_` → `-`, drop other invalid characters, trim `-` and `.`. */
export function nodenameFromHostname(hostname: string): string {
  const name = hostname
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replaceAll('_', '-')
    .replace(/[^a-z0-9.-]/g, '')
    .replace(/^[-.]+|[-.]+$/g, '');
  if (name === '') throw new InvalidNodenameError(hostname);
  return name;
}

export class NodenameController implements Controller {
  readonly name = 'k8s.NodenameController';

  inputs() {
    return [
      { ...MACHINE_CONFIG, kind: 'weak' as const },
      { ...HOSTNAME_STATUS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [outputOf(NODENAME)];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      // As Talos: without a v1alpha1 machine section or a hostname, the last nodename stays.
      const config = (await getOptional<MachineConfigSpec>(ctx, MACHINE_CONFIG))?.spec.config;
      const machine = config?.v1alpha1()?.machine;
      const status = await getOptional<HostnameStatusSpec>(ctx, HOSTNAME_STATUS);
      if (!config || !machine || !status) continue;
      const spec = nodename(config, status);
      await ctx.modify<NodenameSpec>(NODENAME, () => spec);
      ctx.resetBackoff();
    }
  }
}

function nodename(config: MachineConfig, status: Resource<HostnameStatusSpec>): NodenameSpec {
  const kubelet = config.v1alpha1()?.machine?.kubelet;
  const hostname = kubelet?.registerWithFQDN === true ? fqdn(status.spec) : status.spec.hostname;
  return {
    nodename: nodenameFromHostname(hostname),
    hostnameVersion: String(status.metadata.version),
    skipNodeRegistration: kubelet?.skipNodeRegistration === true,
  };
}
