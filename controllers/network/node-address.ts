// network.NodeAddressController: the node's own addresses from the kernel's (AddressStatuses): `current`
// (global, not loopback or link-local), `routed` (current less shared virtual IPs), `accumulative` (every
// one seen since start) and `default` (the first current one), sorted as Talos's v1 algorithm
// (IPv4 before IPv6, then by address).
import type { Controller, ControllerContext } from '../../src/controller-runtime';
import { addrBytes, parsePrefix } from '../../src/network/netip';
import { AddressStatusDefinition, type AddressStatusSpec } from '../../src/resources/network/address-status';
import {
  NodeAddressDefinition,
  NODE_ADDRESS_ACCUMULATIVE_ID,
  NODE_ADDRESS_CURRENT_ID,
  NODE_ADDRESS_DEFAULT_ID,
  NODE_ADDRESS_ROUTED_ID,
  type NodeAddressSpec,
} from '../../src/resources/network/node-address';
import { OperatorSpecDefinition, type OperatorSpecSpec } from '../../src/resources/network/operator-spec';

const ADDRESSES = { namespace: 'network', type: AddressStatusDefinition.type };
const OPERATORS = { namespace: 'network', type: OperatorSpecDefinition.type };

/** Talos's v1 order: by family (IPv4 first), then by the address's bytes, then by prefix length. */
export function compareV1(a: string, b: string): number {
  const pa = parsePrefix(a);
  const pb = parsePrefix(b);
  const ba = addrBytes(pa.addr);
  const bb = addrBytes(pb.addr);
  return ba.length - bb.length || Buffer.compare(ba, bb) || pa.bits - pb.bits;
}

/** Whether an address is one the node is known by (global, not loopback or link-local). */
export function isNodeAddress(a: AddressStatusSpec): boolean {
  if (a.scope !== 'global' || a.linkName === 'lo') return false;
  const ip = a.address.split('/')[0] ?? '';
  return !ip.startsWith('127.') && !/^fe[89ab]/i.test(ip) && ip !== '::1';
}

export class NodeAddressController implements Controller {
  readonly name = 'network.NodeAddressController';
  private readonly seen = new Set<string>();

  inputs() {
    return [
      { ...ADDRESSES, kind: 'weak' as const },
      { ...OPERATORS, kind: 'weak' as const },
    ];
  }

  outputs() {
    return [{ type: NodeAddressDefinition.type, namespace: 'network', kind: 'exclusive' as const }];
  }

  async run(ctx: ControllerContext, signal: AbortSignal): Promise<void> {
    while (await ctx.nextEvent(signal)) {
      const addresses = (await ctx.list<AddressStatusSpec>(ADDRESSES))
        .map((r) => r.spec)
        .filter(isNodeAddress);
      const vips = new Set(
        (await ctx.list<OperatorSpecSpec>(OPERATORS))
          .map((r) => r.spec.vip?.ip)
          .filter((ip) => ip !== undefined),
      );
      const current = [...new Set(addresses.map((a) => a.address))].sort(compareV1);
      for (const a of current) this.seen.add(a);
      const routed = current.filter((a) => !vips.has(a.split('/')[0] ?? ''));
      const sets: Array<[string, string[]]> = [
        [NODE_ADDRESS_CURRENT_ID, current],
        [NODE_ADDRESS_ROUTED_ID, routed],
        [NODE_ADDRESS_ACCUMULATIVE_ID, [...this.seen].sort(compareV1)],
        [NODE_ADDRESS_DEFAULT_ID, routed.slice(0, 1)],
      ];
      ctx.startTrackingOutputs();
      for (const [id, list] of sets) {
        // Talos keeps `default` once it has one, until another address takes its place.
        if (id === NODE_ADDRESS_DEFAULT_ID && list.length === 0) continue;
        const pointer = { namespace: 'network', type: NodeAddressDefinition.type, id };
        await ctx.modify<NodeAddressSpec>(pointer, () => ({ addresses: list, sortAlgorithm: 'v1' }));
      }
      await ctx.cleanupOutputs();
    }
  }
}
