// AddressStatuses.net.talos.dev: an address the kernel has (ids `<link>/<address>`).
import { netIP, netIPPrefix } from '../../network/netip';
import { defineResource } from '../definition';
import { addressFlagsNumber, FAMILY_NUMBER, SCOPE_NUMBER, type Family, type Scope } from './nethelpers';
import { goYAML } from './yaml-shape';

export interface AddressStatusSpec {
  address: string;
  local: string;
  broadcast: string;
  anycast: string;
  multicast: string;
  linkIndex: number;
  linkName: string;
  family: Family;
  scope: Scope;
  flags: string;
  priority: number;
}

export const AddressStatusDefinition = defineResource<AddressStatusSpec>({
  type: 'AddressStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['address', 'addresses'],
  printColumns: [
    { name: 'Address', jsonPath: '{.address}' },
    { name: 'Link', jsonPath: '{.linkName}' },
  ],
  protoSpec: 'talos.resource.definitions.network.AddressStatusSpec',
  toProto: (s) => ({
    address: netIPPrefix(s.address),
    local: netIP(s.local),
    broadcast: netIP(s.broadcast),
    anycast: netIP(s.anycast),
    multicast: netIP(s.multicast),
    link_index: s.linkIndex,
    link_name: s.linkName,
    family: FAMILY_NUMBER[s.family],
    scope: SCOPE_NUMBER[s.scope],
    flags: addressFlagsNumber(s.flags),
    priority: s.priority,
  }),
  toYAML: (s) =>
    goYAML([
      ['address', s.address],
      ['local?', s.local],
      ['broadcast?', s.broadcast],
      ['anycast?', s.anycast],
      ['multicast?', s.multicast],
      ['linkIndex', s.linkIndex],
      ['linkName', s.linkName],
      ['family', s.family],
      ['scope', s.scope],
      ['flags', s.flags],
      ['priority', s.priority],
    ]),
});
