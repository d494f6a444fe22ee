// NodeAddresses.net.talos.dev: the node's own addresses, by use (ids `default`, `current`, `routed`,
// `accumulative`, and `<filter>-<id>` for each NodeAddressFilter).
import { netIPPrefix } from '../../network/netip';
import { defineResource, pointerTo } from '../definition';
import { enumIndex, ADDRESS_SORT_ALGORITHMS, type AddressSortAlgorithm } from './nethelpers';

/** The first address of the node (the one it is known by). */
export const NODE_ADDRESS_DEFAULT_ID = 'default';
/** Every global address the node has now. */
export const NODE_ADDRESS_CURRENT_ID = 'current';
/** The current ones less those of virtual IPs and of links that route nowhere outside (Talos: routed). */
export const NODE_ADDRESS_ROUTED_ID = 'routed';
/** Every address the node has had since it started. */
export const NODE_ADDRESS_ACCUMULATIVE_ID = 'accumulative';

export interface NodeAddressSpec {
  /** `addr/bits`, in the order of the sort algorithm. */
  addresses: string[];
  sortAlgorithm: AddressSortAlgorithm;
}

export const NodeAddressDefinition = defineResource<NodeAddressSpec>({
  type: 'NodeAddresses.net.talos.dev',
  defaultNamespace: 'network',
  printColumns: [
    { name: 'Addresses', jsonPath: '{.addresses}' },
    { name: 'SortAlgorithm', jsonPath: '{.sortAlgorithm}' },
  ],
  protoSpec: 'talos.resource.definitions.network.NodeAddressSpec',
  toProto: (s) => ({
    addresses: s.addresses.map(netIPPrefix),
    sort_algorithm: enumIndex(ADDRESS_SORT_ALGORITHMS, s.sortAlgorithm),
  }),
});

export const NODE_ADDRESS_CURRENT = pointerTo(NodeAddressDefinition, NODE_ADDRESS_CURRENT_ID);
export const NODE_ADDRESS_DEFAULT = pointerTo(NodeAddressDefinition, NODE_ADDRESS_DEFAULT_ID);
