// Talos's automatic hostnames (HostnameConfigController.getStableDefault / getDefault).
import { createHash, randomBytes } from 'node:crypto';

/**
 * `stable`: `talos-xxx-yyy` from the node's identity, as Talos does: sha256 of the node ID, its first
 * 8 bytes as a base36 number (one leading `0` per leading zero byte), characters 1–3 and 4–6.
 */
export function stableHostname(nodeId: string): string {
  const head = createHash('sha256').update(nodeId).digest().subarray(0, 8);
  const zeros = head.findIndex((b) => b !== 0);
  const value = BigInt(`0x${head.toString('hex')}`);
  const b36 = '0'.repeat(zeros < 0 ? head.length : zeros) + (value === 0n ? '' : value.toString(36));
  return `talos-${b36.slice(1, 4)}-${b36.slice(4, 7)}`;
}

/** `talos-addr` (legacy v1alpha1 default): `talos-` and the address, colons dropped and dots dashed. */
export function addressHostname(address: string): string {
  return `talos-${address.replaceAll(':', '').replaceAll('.', '-')}`;
}

/** A random node ID, standing in for Talos's cluster identity until one is persisted. */
export function randomNodeId(): string {
  return randomBytes(32).toString('base64url');
}
