// The node's own addresses as the controllers use them until a NodeAddresses resource exists (Talos
// reads NodeAddresses): IP addresses only, unspecified ones (0.0.0.0, ::) dropped, each once.
import { isIP } from 'node:net';

export function usableNodeAddresses(addresses: readonly string[] = []): string[] {
  return [...new Set(addresses.filter((a) => isIP(a) !== 0 && a !== '0.0.0.0' && a !== '::'))];
}
