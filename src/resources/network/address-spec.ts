// AddressSpecs.net.talos.dev: an address to put on a link. Config layers write theirs to
// `network-config` (ids `<layer>/<link>/<address>`); the merged ones live in `network`.
import { netIPPrefix } from '../../network/netip';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import { addressFlagsNumber, FAMILY_NUMBER, SCOPE_NUMBER, type Family, type Scope } from './nethelpers';
import { goYAML } from './yaml-shape';

export interface AddressSpecSpec {
  /** `addr/bits`, canonical. */
  address: string;
  linkName: string;
  family: Family;
  scope: Scope;
  /** Comma-joined flag names, e.g. `permanent`. */
  flags: string;
  announceWithARP: boolean;
  priority: number;
  layer: ConfigLayer;
}

/** Talos's AddressID: `<link>/<address>`. */
export const addressID = (linkName: string, address: string): string => `${linkName}/${address}`;

export const AddressSpecDefinition = defineResource<AddressSpecSpec>({
  type: 'AddressSpecs.net.talos.dev',
  defaultNamespace: 'network',
  protoSpec: 'talos.resource.definitions.network.AddressSpecSpec',
  toProto: (s) => ({
    address: netIPPrefix(s.address),
    link_name: s.linkName,
    family: FAMILY_NUMBER[s.family],
    scope: SCOPE_NUMBER[s.scope],
    flags: addressFlagsNumber(s.flags),
    announce_with_arp: s.announceWithARP,
    config_layer: configLayerNumber(s.layer),
    priority: s.priority,
  }),
  toYAML: (s) =>
    goYAML([
      ['address', s.address],
      ['linkName', s.linkName],
      ['family', s.family],
      ['scope', s.scope],
      ['flags', s.flags],
      ['announceWithARP?', s.announceWithARP],
      ['priority?', s.priority],
      ['layer', s.layer],
    ]),
});
