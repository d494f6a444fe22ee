// IP addresses written as Go's net.IP.String writes them: dotted quads for IPv4 and for IPv4-mapped IPv6
// (::ffff:a.b.c.d), otherwise RFC 5952 (lower-case hex, the longest run of two or more zero groups,
// the first of equal runs, as `::`).
export type IpBytes = Uint8Array;

export function formatIp(ip: IpBytes): string {
  if (ip.length === 4) return ip.join('.');
  if (ip.length !== 16) return '?';
  const mapped = ip.subarray(0, 10).every((b) => b === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (mapped) return ip.subarray(12).join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (ip[2 * i]! << 8) | ip[2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = (g: number): string => g.toString(16);
  if (bestLen < 2) return groups.map(hex).join(':');
  const head = groups.slice(0, bestStart).map(hex).join(':');
  const tail = groups
    .slice(bestStart + bestLen)
    .map(hex)
    .join(':');
  return `${head}::${tail}`;
}
