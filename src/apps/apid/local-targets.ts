// Which `node`/`nodes` targets name this node: its addresses, and its hostname and FQDN as
// HostnameStatus has them (Talos's apid watches NodeAddresses and HostnameStatus the same way).
import { HostnameStatusDefinition, type HostnameStatusSpec } from '../../resources/network/hostname-status';
import { getOptional, type ResourcePointer, type State } from '../../state';

const HOSTNAME: ResourcePointer = {
  namespace: 'network',
  type: HostnameStatusDefinition.type,
  id: 'hostname',
};

export class LocalTargets {
  private names: ReadonlySet<string> = new Set();

  constructor(private readonly addresses: readonly string[]) {}

  isLocal(target: string): boolean {
    return this.addresses.includes(target) || this.names.has(target);
  }

  /** Follows the hostname until the signal fires. */
  async run(state: State, signal: AbortSignal): Promise<void> {
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
