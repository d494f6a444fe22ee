// Endpoints.kubernetes.talos.dev (namespace controlplane): the control-plane nodes' addresses, which
// workers use to find trustd and which a worker's apid names when it refuses to forward.
import { ipAddressBytes } from '../../pki/x509-build';
import { defineResource } from '../definition';

export const CONTROL_PLANE_NAMESPACE = 'controlplane';
/** Talos's ControlPlaneKubernetesEndpointsID: the host of `cluster.controlPlane.endpoint`. */
export const CONTROL_PLANE_ENDPOINTS_ID = 'controlplane';
/** Talos's ControlPlaneDiscoveredEndpointsID: the addresses of the control-plane Members. */
export const DISCOVERED_ENDPOINTS_ID = 'discovery';

/** Go's netip.Addr.Compare: IPv4 before IPv6, then by the address bytes. */
export function compareAddresses(a: string, b: string): number {
  const [x, y] = [ipAddressBytes(a), ipAddressBytes(b)];
  return x.length - y.length || Buffer.compare(x, y);
}

export interface EndpointSpec {
  addresses: string[];
  hosts: string[];
}

export const EndpointDefinition = defineResource<EndpointSpec>({
  type: 'Endpoints.kubernetes.talos.dev',
  defaultNamespace: CONTROL_PLANE_NAMESPACE,
  printColumns: [
    { name: 'Addresses', jsonPath: '{.addresses}' },
    { name: 'Hosts', jsonPath: '{.hosts}' },
  ],
  protoSpec: 'talos.resource.definitions.k8s.EndpointSpec',
  toProto: (s) => ({
    addresses: s.addresses.map((ip) => ({ ip: ipAddressBytes(ip) })),
    hosts: s.hosts,
  }),
  toYAML: (s) => ({ addresses: s.addresses, hosts: s.hosts }),
});
