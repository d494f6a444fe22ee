// LinkSpecs.net.talos.dev: a link to configure (or create, when logical). Config layers write theirs to
// `network-config` (ids `<layer>/<name>`); the merged ones live in `network` (ids `<name>`). Sensitive:
// a WireGuard link carries its private key.
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import {
  bondProto,
  bondYAML,
  bridgeProto,
  bridgeYAML,
  vlanProto,
  vlanYAML,
  wireguardProto,
  wireguardYAML,
  type BondMasterSpec,
  type BridgeMasterSpec,
  type VLANSpec,
  type WireguardSpec,
} from './link-kind-specs';
import { LINK_TYPE_NUMBER } from './nethelpers';
import { goYAML } from './yaml-shape';

export interface LinkSpecSpec {
  name: string;
  /** Created by us (a bond, VLAN, bridge, dummy or WireGuard link), not a device the kernel found. */
  logical: boolean;
  up: boolean;
  /** 0 leaves the MTU alone. */
  mtu: number;
  /** The rtnetlink kind (`bond`, `vlan`, `bridge`, `dummy`, `wireguard`), '' for a physical link. */
  kind: string;
  type: string;
  hardwareAddr: string;
  parentName: string;
  /** The bond this link is a member of ('' for none). */
  bondSlave: { masterName: string; slaveIndex: number };
  bridgeSlave: { masterName: string };
  vlan?: VLANSpec;
  bondMaster?: BondMasterSpec;
  bridgeMaster?: BridgeMasterSpec;
  wireguard?: WireguardSpec;
  layer: ConfigLayer;
}

/** A spec with nothing but the name and the layer set (the rest zero). */
export function emptyLinkSpec(name: string, layer: ConfigLayer): LinkSpecSpec {
  return {
    name,
    logical: false,
    up: false,
    mtu: 0,
    kind: '',
    type: 'netrom',
    hardwareAddr: '',
    parentName: '',
    bondSlave: { masterName: '', slaveIndex: 0 },
    bridgeSlave: { masterName: '' },
    layer,
  };
}

export const LinkSpecDefinition = defineResource<LinkSpecSpec>({
  type: 'LinkSpecs.net.talos.dev',
  defaultNamespace: 'network',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.network.LinkSpecSpec',
  toProto: (s) => ({
    name: s.name,
    logical: s.logical,
    up: s.up,
    mtu: s.mtu,
    kind: s.kind,
    type: LINK_TYPE_NUMBER[s.type] ?? 0,
    parent_name: s.parentName,
    bond_slave: { master_name: s.bondSlave.masterName, slave_index: s.bondSlave.slaveIndex },
    bridge_slave: { master_name: s.bridgeSlave.masterName },
    vlan: vlanProto(s.vlan),
    bond_master: bondProto(s.bondMaster),
    bridge_master: bridgeProto(s.bridgeMaster),
    wireguard: wireguardProto(s.wireguard),
    config_layer: configLayerNumber(s.layer),
    hardware_address: Buffer.from(s.hardwareAddr.replaceAll(':', ''), 'hex'),
  }),
  toYAML: (s) =>
    goYAML([
      ['name', s.name],
      ['logical', s.logical],
      ['up', s.up],
      ['mtu', s.mtu],
      ['kind', s.kind],
      ['type', s.type],
      ['hardwareAddr?', s.hardwareAddr],
      ['parentName?', s.parentName],
      ['masterName?', s.bondSlave.masterName],
      ['slaveIndex?', s.bondSlave.slaveIndex],
      ['bridgeSlave?', s.bridgeSlave],
      ['vlan?', vlanYAML(s.vlan)],
      ['bondMaster?', bondYAML(s.bondMaster)],
      ['bridgeMaster?', bridgeYAML(s.bridgeMaster)],
      ['wireguard?', wireguardYAML(s.wireguard)],
      ['layer', s.layer],
    ]),
});
