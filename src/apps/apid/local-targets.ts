// What apid knows of the cluster, kept up to date from the store: which `node`/`nodes` targets name
// this node (its addresses, and its hostname and FQDN as HostnameStatus has them: Talos's apid watches
// NodeAddresses and HostnameStatus the same way), and the control-plane endpoints (Endpoints
// resources), which a worker names when it refuses to forward.
import { CONTROL_PLANE_NAMESPACE, EndpointDefinition, type EndpointSpec } from '../../resources/k8s/endpoint';
import { HostnameStatusDefinition, type HostnameStatusSpec } from '../../resources/network/hostname-status';
import { getOptional, type ResourcePointer, type State } from '../../state';

const HOSTNAME: ResourcePointer = {
  namespace: 'network',
  type: HostnameStatusDefinition.type,
  id: 'hostname',
};

const ENDPOINTS = { namespace: CONTROL_PLANE_NAMESPACE, type: EndpointDefinition.type };

export class LocalTargets {
  private names: ReadonlySet<string> = new Set();
  private endpoints: readonly string[] = [];

  constructor(private readonly addresses: readonly string[]) {}

  isLocal(target: string): boolean {
    return this.addresses.includes(target) || this.names.has(target);
  }

  /** The control-plane endpoints: host names, then addresses. */
  controlPlaneEndpoints(): readonly string[] {
    return this.endpoints;
  }

  /** Follows the hostname and the endpoints until the signal fires. */
  async run(state: State, signal: AbortSignal): Promise<void> {
    await Promise.all([this.followHostname(state, signal), this.followEndpoints(state, signal)]);
  }

  private async followEndpoints(state: State, signal: AbortSignal): Promise<void> {
    let bootstrapped = false;
    for await (const e of state.watchKind(ENDPOINTS, signal, { bootstrapContents: true })) {
      bootstrapped ||= e.type === 'bootstrapped';
      if (!bootstrapped) continue; // the current contents: read once they are all there
      const all = await state.list<EndpointSpec>(ENDPOINTS);
      const hosts = all.flatMap((r) => r.spec.hosts);
      const addresses = all.flatMap((r) => r.spec.addresses);
      this.endpoints = [...new Set([...hosts.sort(), ...addresses.sort()])];
    }
  }

  private async followHostname(state: State, signal: AbortSignal): Promise<void> {
    for await (const _ of state.watch(HOSTNAME, signal)) {
      const status = await getOptional<HostnameStatusSpec>(state, HOSTNAME);
      const h = status?.spec;
      this.names = new Set(
        h && h.hostname !== ''
          ? [h.hostname, h.domainname ? `${h.hostname}.${h.domainname}` : h.hostname]
          : [],
      );
    }
  }
}
