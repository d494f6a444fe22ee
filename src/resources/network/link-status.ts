// LinkStatuses.net.talos.dev: a link the kernel has (ids: the link's name).
import { defineResource } from '../definition';
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
import {
  DUPLEX_NUMBER,
  enumIndex,
  LINK_TYPE_NUMBER,
  linkFlagsNumber,
  OPERATIONAL_STATES,
  PORT_NUMBER,
  type OperationalState,
} from './nethelpers';
import { goYAML } from './yaml-shape';

export interface LinkStatusSpec {
  alias: string;
  altNames: string[];
  index: number;
  type: string;
  linkIndex: number;
  flags: string;
  hardwareAddr: string;
  permanentAddr: string;
  broadcastAddr: string;
  mtu: number;
  queueDisc: string;
  masterIndex: number;
  operationalState: OperationalState;
  kind: string;
  slaveKind: string;
  busPath: string;
  pciID: string;
  driver: string;
  driverVersion: string;
  firmwareVersion: string;
  productID: string;
  vendorID: string;
  product: string;
  vendor: string;
  linkState: boolean;
  speedMbit: number;
  port: string;
  duplex: string;
  vlan?: VLANSpec;
  bridgeMaster?: BridgeMasterSpec;
  bondMaster?: BondMasterSpec;
  wireguard?: WireguardSpec;
}

const macBytes = (mac: string): Buffer => Buffer.from(mac.replaceAll(':', ''), 'hex');

/** Talos's LinkStatus.Physical: a link that is a device, not created in software. */
export function isPhysicalLink(s: Pick<LinkStatusSpec, 'kind' | 'type'>): boolean {
  return s.type === 'ether' && s.kind === '';
}

export const LinkStatusDefinition = defineResource<LinkStatusSpec>({
  type: 'LinkStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['link', 'links'],
  printColumns: [
    { name: 'Alias', jsonPath: '{.alias}' },
    { name: 'Type', jsonPath: '{.type}' },
    { name: 'Kind', jsonPath: '{.kind}' },
    { name: 'Hw Addr', jsonPath: '{.hardwareAddr}' },
    { name: 'Oper State', jsonPath: '{.operationalState}' },
    { name: 'Link State', jsonPath: '{.linkState}' },
  ],
  protoSpec: 'talos.resource.definitions.network.LinkStatusSpec',
  toProto: (s) => ({
    index: s.index,
    type: LINK_TYPE_NUMBER[s.type] ?? 0,
    link_index: s.linkIndex,
    flags: linkFlagsNumber(s.flags),
    hardware_addr: macBytes(s.hardwareAddr),
    broadcast_addr: macBytes(s.broadcastAddr),
    mtu: s.mtu,
    queue_disc: s.queueDisc,
    master_index: s.masterIndex,
    operational_state: enumIndex(OPERATIONAL_STATES, s.operationalState),
    kind: s.kind,
    slave_kind: s.slaveKind,
    bus_path: s.busPath,
    pciid: s.pciID,
    driver: s.driver,
    driver_version: s.driverVersion,
    firmware_version: s.firmwareVersion,
    product_id: s.productID,
    vendor_id: s.vendorID,
    product: s.product,
    vendor: s.vendor,
    link_state: s.linkState,
    speed_megabits: s.speedMbit,
    port: PORT_NUMBER[s.port] ?? 255,
    duplex: DUPLEX_NUMBER[s.duplex] ?? 255,
    vlan: vlanProto(s.vlan),
    bridge_master: bridgeProto(s.bridgeMaster),
    bond_master: bondProto(s.bondMaster),
    wireguard: wireguardProto(s.wireguard),
    permanent_addr: macBytes(s.permanentAddr),
    alias: s.alias,
    alt_names: s.altNames,
  }),
  toYAML: (s) =>
    goYAML([
      ['alias?', s.alias],
      ['altNames?', s.altNames],
      ['index', s.index],
      ['type', s.type],
      ['linkIndex', s.linkIndex],
      ['flags', s.flags],
      ['hardwareAddr', s.hardwareAddr],
      ['permanentAddr', s.permanentAddr],
      ['broadcastAddr', s.broadcastAddr],
      ['mtu', s.mtu],
      ['queueDisc', s.queueDisc],
      ['masterIndex?', s.masterIndex],
      ['operationalState', s.operationalState],
      ['kind', s.kind],
      ['slaveKind', s.slaveKind],
      ['busPath?', s.busPath],
      ['pciID?', s.pciID],
      ['driver?', s.driver],
      ['driverVersion?', s.driverVersion],
      ['firmwareVersion?', s.firmwareVersion],
      ['productID?', s.productID],
      ['vendorID?', s.vendorID],
      ['product?', s.product],
      ['vendor?', s.vendor],
      ['linkState', s.linkState],
      ['speedMbit?', s.speedMbit],
      ['port', s.port],
      ['duplex', s.duplex],
      ['vlan?', vlanYAML(s.vlan)],
      ['bridgeMaster?', bridgeYAML(s.bridgeMaster)],
      ['bondMaster?', bondYAML(s.bondMaster)],
      ['wireguard?', wireguardYAML(s.wireguard)],
    ]),
});
