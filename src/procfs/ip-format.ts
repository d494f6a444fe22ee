// IP addresses written as Go's net.IP.String writes them: dotted quads for IPv4 and for IPv4-mapped IPv6
// (net.IP prints ::ffff:a.b.c.d as a.b.c.d, unlike netip.Addr), otherwise RFC 5952 as `addrText` writes it.
import { addrText } from '../network/netip';

export type IpBytes = Uint8Array;

export function formatIp(ip: IpBytes): string {
  if (ip.length === 4) return ip.join('.');
  if (ip.length !== 16) return '?';
  const mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  return mapped ? ip.subarray(12).join('.') : addrText(ip);
}
