// Members.cluster.talos.dev: a cluster member (id: its node name), one per affiliate with a node name.
import { ipAddressBytes } from '../../pki/x509-build';
import type { MachineTypeName } from '../config/machine-type';
import { defineResource } from '../definition';
import { CLUSTER_NAMESPACE } from './affiliate';
import { machineTypeEnum, type ControlPlaneInfo } from './machine-type-proto';

export interface MemberSpec {
  nodeId: string;
  addresses: string[];
  hostname: string;
  machineType: MachineTypeName;
  operatingSystem: string;
  controlPlane?: ControlPlaneInfo;
}

export const MemberDefinition = defineResource<MemberSpec>({
  type: 'Members.cluster.talos.dev',
  defaultNamespace: CLUSTER_NAMESPACE,
  printColumns: [
    { name: 'Hostname', jsonPath: '{.hostname}' },
    { name: 'Machine Type', jsonPath: '{.machineType}' },
    { name: 'OS', jsonPath: '{.operatingSystem}' },
    { name: 'Addresses', jsonPath: '{.addresses}' },
  ],
  protoSpec: 'talos.resource.definitions.cluster.MemberSpec',
  toProto: (s) => ({
    node_id: s.nodeId,
    addresses: s.addresses.map((ip) => ({ ip: ipAddressBytes(ip) })),
    hostname: s.hostname,
    machine_type: machineTypeEnum(s.machineType),
    operating_system: s.operatingSystem,
    ...(s.controlPlane ? { control_plane: { api_server_port: s.controlPlane.apiServerPort } } : {}),
  }),
  toYAML: (s) => ({
    nodeId: s.nodeId,
    addresses: s.addresses,
    hostname: s.hostname,
    machineType: s.machineType,
    operatingSystem: s.operatingSystem,
    ...(s.controlPlane ? { controlPlane: { apiServerPort: s.controlPlane.apiServerPort } } : {}),
  }),
});
