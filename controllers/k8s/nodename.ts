// k8s.NodenameController: the Kubernetes node name from the HostnameStatus and the kubelet config:
// the hostname (or the FQDN with `machine.kubelet.registerWithFQDN`), made RFC 1123 compliant.
import { getOptional, type Controller, type ControllerContext } from '../../src/controller-runtime';
import type { MachineConfig } from '../../src/config';
import {
  MachineConfigDefinition,
  MACHINE_CONFIG_ID,
  type MachineConfigSpec,
} from '../../src/resources/config/machine-config';
import { NodenameDefinition, NODENAME_ID, type NodenameSpec } from '../../src/resources/k8s/nodename';
import { fqdn, HOSTNAME_ID } from '../../src/resources/network/hostname-spec';
import {
  HostnameStatusDefinition,
  type HostnameStatusSpec,
} from '../../src/resources/network/hostname-status';
import type { Resource } from '../../src/state';

const CONFIG = { namespace: 'config', type: MachineConfigDefinition.type, id: MACHINE_CONFIG_ID };
const HOSTNAME = { namespace: 'network', type: HostnameStatusDefinition.type, id: HOSTNAME_ID };
const OUTPUT = { namespace: 'k8s', type: NodenameDefinition.type, id: NODENAME_ID };

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
      { ...CONFIG, kind: 'weak' as const },
      { ...HOSTNAME, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: OUTPUT.type, namespace: OUTPUT.namespace, kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      // As Talos: without a v1alpha1 machine section or a hostname, the last nodename stays.
      const config = (await getOptional<MachineConfigSpec>(ctx, CONFIG))?.spec.config;
      const machine = config?.v1alpha1()?.machine;
      const status = await getOptional<HostnameStatusSpec>(ctx, HOSTNAME);
      if (!config || !machine || !status) continue;
      const spec = nodename(config, status);
      await ctx.modify<NodenameSpec>(OUTPUT, () => spec);
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
