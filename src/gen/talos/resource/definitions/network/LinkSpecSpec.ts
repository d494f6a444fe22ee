// Original file: proto/resource/definitions/network/network.proto

import type { NethelpersLinkType as _talos_resource_definitions_enums_NethelpersLinkType, NethelpersLinkType__Output as _talos_resource_definitions_enums_NethelpersLinkType__Output } from '../../../../talos/resource/definitions/enums/NethelpersLinkType';
import type { BondSlave as _talos_resource_definitions_network_BondSlave, BondSlave__Output as _talos_resource_definitions_network_BondSlave__Output } from '../../../../talos/resource/definitions/network/BondSlave';
import type { BridgeSlave as _talos_resource_definitions_network_BridgeSlave, BridgeSlave__Output as _talos_resource_definitions_network_BridgeSlave__Output } from '../../../../talos/resource/definitions/network/BridgeSlave';
import type { VLANSpec as _talos_resource_definitions_network_VLANSpec, VLANSpec__Output as _talos_resource_definitions_network_VLANSpec__Output } from '../../../../talos/resource/definitions/network/VLANSpec';
import type { BondMasterSpec as _talos_resource_definitions_network_BondMasterSpec, BondMasterSpec__Output as _talos_resource_definitions_network_BondMasterSpec__Output } from '../../../../talos/resource/definitions/network/BondMasterSpec';
import type { BridgeMasterSpec as _talos_resource_definitions_network_BridgeMasterSpec, BridgeMasterSpec__Output as _talos_resource_definitions_network_BridgeMasterSpec__Output } from '../../../../talos/resource/definitions/network/BridgeMasterSpec';
import type { WireguardSpec as _talos_resource_definitions_network_WireguardSpec, WireguardSpec__Output as _talos_resource_definitions_network_WireguardSpec__Output } from '../../../../talos/resource/definitions/network/WireguardSpec';
import type { NetworkConfigLayer as _talos_resource_definitions_enums_NetworkConfigLayer, NetworkConfigLayer__Output as _talos_resource_definitions_enums_NetworkConfigLayer__Output } from '../../../../talos/resource/definitions/enums/NetworkConfigLayer';
import type { VRFMasterSpec as _talos_resource_definitions_network_VRFMasterSpec, VRFMasterSpec__Output as _talos_resource_definitions_network_VRFMasterSpec__Output } from '../../../../talos/resource/definitions/network/VRFMasterSpec';
import type { VRFSlave as _talos_resource_definitions_network_VRFSlave, VRFSlave__Output as _talos_resource_definitions_network_VRFSlave__Output } from '../../../../talos/resource/definitions/network/VRFSlave';

export interface LinkSpecSpec {
  'name'?: (string);
  'logical'?: (boolean);
  'up'?: (boolean);
  'mtu'?: (number);
  'kind'?: (string);
  'type'?: (_talos_resource_definitions_enums_NethelpersLinkType);
  'parent_name'?: (string);
  'bond_slave'?: (_talos_resource_definitions_network_BondSlave | null);
  'bridge_slave'?: (_talos_resource_definitions_network_BridgeSlave | null);
  'vlan'?: (_talos_resource_definitions_network_VLANSpec | null);
  'bond_master'?: (_talos_resource_definitions_network_BondMasterSpec | null);
  'bridge_master'?: (_talos_resource_definitions_network_BridgeMasterSpec | null);
  'wireguard'?: (_talos_resource_definitions_network_WireguardSpec | null);
  'config_layer'?: (_talos_resource_definitions_enums_NetworkConfigLayer);
  'hardware_address'?: (Buffer | Uint8Array | string);
  'multicast'?: (boolean);
  'vrf_master'?: (_talos_resource_definitions_network_VRFMasterSpec | null);
  'vrf_slave'?: (_talos_resource_definitions_network_VRFSlave | null);
}

export interface LinkSpecSpec__Output {
  'name': (string);
  'logical': (boolean);
  'up': (boolean);
  'mtu': (number);
  'kind': (string);
  'type': (_talos_resource_definitions_enums_NethelpersLinkType__Output);
  'parent_name': (string);
  'bond_slave': (_talos_resource_definitions_network_BondSlave__Output | null);
  'bridge_slave': (_talos_resource_definitions_network_BridgeSlave__Output | null);
  'vlan': (_talos_resource_definitions_network_VLANSpec__Output | null);
  'bond_master': (_talos_resource_definitions_network_BondMasterSpec__Output | null);
  'bridge_master': (_talos_resource_definitions_network_BridgeMasterSpec__Output | null);
  'wireguard': (_talos_resource_definitions_network_WireguardSpec__Output | null);
  'config_layer': (_talos_resource_definitions_enums_NetworkConfigLayer__Output);
  'hardware_address': (Buffer);
  'multicast': (boolean);
  'vrf_master': (_talos_resource_definitions_network_VRFMasterSpec__Output | null);
  'vrf_slave': (_talos_resource_definitions_network_VRFSlave__Output | null);
}
