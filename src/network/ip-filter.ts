// Talos `net.FilterIPs` (siderolabs/net): keep the addresses inside at least one listed subnet and
// inside none of the `!`-prefixed ones. A subnet may be a bare address (a VIP): it matches itself only.
import { BlockList, isIP } from 'node:net';

export class InvalidSubnetError extends Error {
  constructor(readonly subnet: string) {
    super(`invalid subnet or address: ${subnet}`);
    this.name = 'InvalidSubnetError';
  }
}

interface Matcher {
  readonly negative: boolean;
  readonly family: 4 | 6;
  readonly list: BlockList;
}

function matcher(cidr: string): Matcher {
  const negative = cidr.startsWith('!');
  const text = negative ? cidr.slice(1) : cidr;
  const [addr = '', bits] = text.split('/', 2);
  const family = isIP(addr);
  if (family !== 4 && family !== 6) throw new InvalidSubnetError(cidr);
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d+$/.test(bits ?? String(max)) || prefix > max) throw new InvalidSubnetError(cidr);
  const list = new BlockList();
  list.addSubnet(addr, prefix, family === 4 ? 'ipv4' : 'ipv6');
  return { negative, family, list };
}

/** The addresses `cidrs` select, in input order. Throws `InvalidSubnetError` on a malformed entry. */
export function filterIPs(addresses: readonly string[], cidrs: readonly string[]): string[] {
  const matchers = cidrs.map(matcher);
  const contains = (m: Matcher, ip: string, family: number): boolean =>
    m.family === family && m.list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  return addresses.filter((ip) => {
    const family = isIP(ip);
    if (family === 0) return false;
    const positive = matchers.some((m) => !m.negative && contains(m, ip, family));
    const negative = matchers.some((m) => m.negative && contains(m, ip, family));
    return positive && !negative;
  });
}
