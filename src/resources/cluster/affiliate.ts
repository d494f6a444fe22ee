// Affiliates.cluster.talos.dev: a node this node knows of (id: its node id), itself included. Talos
// fills them from the discovery service and Kubernetes; here they come from this node's own identity
// and, on a control plane, the etcd members (the other control planes).
import { ipAddressBytes } from '../../pki/x509-build';
import type { MachineTypeName } from '../config/machine-type';
import { defineResource } from '../definition';
import { machineTypeEnum, type ControlPlaneInfo } from './machine-type-proto';

export const CLUSTER_NAMESPACE = 'cluster';

export interface AffiliateSpec {
  nodeId: string;
  addresses: string[];
  hostname: string;
  nodename: string;
  operatingSystem: string;
  machineType: MachineTypeName;
  controlPlane?: ControlPlaneInfo;
}

export const AffiliateDefinition = defineResource<AffiliateSpec>({
  type: 'Affiliates.cluster.talos.dev',
  defaultNamespace: CLUSTER_NAMESPACE,
  printColumns: [
    { name: 'Hostname', jsonPath: '{.hostname}' },
    { name: 'Machine Type', jsonPath: '{.machineType}' },
    { name: 'Addresses', jsonPath: '{.addresses}' },
  ],
  protoSpec: 'talos.resource.definitions.cluster.AffiliateSpec',
  toProto: (s) => ({
    node_id: s.nodeId,
    addresses: s.addresses.map((ip) => ({ ip: ipAddressBytes(ip) })),
    hostname: s.hostname,
    nodename: s.nodename,
    operating_system: s.operatingSystem,
    machine_type: machineTypeEnum(s.machineType),
    ...(s.controlPlane ? { control_plane: { api_server_port: s.controlPlane.apiServerPort } } : {}),
  }),
  toYAML: (s) => ({
    nodeId: s.nodeId,
    addresses: s.addresses,
    hostname: s.hostname,
    ...(s.nodename ? { nodename: s.nodename } : {}),
    operatingSystem: s.operatingSystem,
    machineType: s.machineType,
    ...(s.controlPlane ? { controlPlane: { apiServerPort: s.controlPlane.apiServerPort } } : {}),
  }),
});
