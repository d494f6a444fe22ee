// Talos `ClusterNetwork.APIServerIPs()`: the first address after each service subnet's network address
// (siderolabs/net NthIPInCIDRSet(cidrs, 1)); a comma-joined list may hold several subnets.
import { isIPv4, isIPv6 } from 'node:net';
import { ipAddressBytes } from '../pki/x509-build';

function toText(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups (RFC 5952), as Go prints addresses.
  let best = -1;
  let len = 0;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > len && j - i > 1) [best, len] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + len).join(':')}`;
}

/** The nth address of a CIDR (network address + n); throws when the subnet is malformed or too small. */
export function nthIP(cidr: string, n: number): string {
  const [addr = '', bits = ''] = cidr.trim().split('/');
  if ((!isIPv4(addr) && !isIPv6(addr)) || !/^\d+$/.test(bits)) throw new Error(`invalid CIDR ${cidr}`);
  const bytes = ipAddressBytes(addr);
  const width = bytes.length * 8;
  const prefix = Number(bits);
  if (prefix > width) throw new Error(`invalid CIDR ${cidr}`);
  const value = BigInt(`0x${bytes.toString('hex')}`);
  const hostBits = BigInt(width - prefix);
  if (BigInt(n) >= 1n << hostBits) throw new Error(`CIDR ${cidr} too small for offset ${n}`);
  const network = (value >> hostBits) << hostBits;
  const hex = (network + BigInt(n)).toString(16).padStart(width / 4, '0');
  return toText(Buffer.from(hex, 'hex'));
}

/** One API server service IP per service subnet. */
export function apiServerIPs(subnets: readonly string[]): string[] {
  return subnets
    .join(',')
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => nthIP(s, 1));
}
