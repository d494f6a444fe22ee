// IP addresses and prefixes as Go's netip prints and compares them: canonical text, 4 or 16 bytes,
// prefix containment and overlap. Pure functions; nothing here touches the kernel.
import { isIP } from 'node:net';

export class InvalidAddressError extends Error {
  override readonly name = 'InvalidAddressError';
}

export const isInvalidAddressError = (e: unknown): e is InvalidAddressError =>
  e instanceof InvalidAddressError;

/** The address's bytes: 4 for IPv4, 16 for IPv6. Throws InvalidAddressError. */
export function addrBytes(addr: string): Buffer {
  const family = isIP(addr);
  if (family === 4) return Buffer.from(addr.split('.').map(Number));
  if (family !== 6) throw new InvalidAddressError(`${JSON.stringify(addr)} is not an IP address`);
  let text = addr.split('%')[0] ?? '';
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const b = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${(((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16)}:${(((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** Canonical text of 4 or 16 bytes (RFC 5952 for IPv6, as Go prints it). */
export function addrText(b: Uint8Array): string {
  if (b.length === 4) return [...b].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] ?? 0) << 8) | (b[i + 1] ?? 0));
  // Go prints IPv4-mapped addresses as ::ffff:a.b.c.d.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `::ffff:${[...b.subarray(12)].join('.')}`;
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export const canonicalAddr = (addr: string): string => addrText(addrBytes(addr));
export const isIPv6 = (addr: string): boolean => isIP(addr.split('/')[0] ?? '') === 6;

export interface Prefix {
  readonly addr: string;
  readonly bits: number;
}

/** `addr/bits` (or a bare address: a host prefix). Throws InvalidAddressError. */
export function parsePrefix(text: string, bareIsHost = true): Prefix {
  const slash = text.lastIndexOf('/');
  const addr = slash < 0 ? text : text.slice(0, slash);
  const max = isIP(addr) === 6 ? 128 : 32;
  if (slash < 0 && !bareIsHost) throw new InvalidAddressError(`${JSON.stringify(text)} is not a CIDR`);
  const bitsText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max)
    throw new InvalidAddressError(`${JSON.stringify(text)} has an invalid prefix length`);
  return { addr: canonicalAddr(addr), bits: Number(bitsText) };
}

export const prefixText = (p: Prefix): string => `${p.addr}/${p.bits}`;
export const canonicalPrefix = (text: string): string => prefixText(parsePrefix(text));

/** The prefix with host bits cleared (the network). */
export function maskedPrefix(p: Prefix): Prefix {
  const b = addrBytes(p.addr);
  for (let i = 0; i < b.length; i++) {
    const keep = Math.min(Math.max(p.bits - i * 8, 0), 8);
    b[i] = (b[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return { addr: addrText(b), bits: p.bits };
}

/** Whether `addr` lies in `p`. */
export function prefixContains(p: Prefix, addr: string): boolean {
  if (isIPv6(addr) !== isIPv6(p.addr)) return false;
  return maskedPrefix({ addr: canonicalAddr(addr), bits: p.bits }).addr === maskedPrefix(p).addr;
}

/** Whether two prefixes share any address. */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (isIPv6(a.addr) !== isIPv6(b.addr)) return false;
  const bits = Math.min(a.bits, b.bits);
  return maskedPrefix({ addr: a.addr, bits }).addr === maskedPrefix({ addr: b.addr, bits }).addr;
}

/** Protobuf `common.NetIP`. */
export const netIP = (addr: string): { ip: Buffer } => ({
  ip: addr === '' ? Buffer.alloc(0) : addrBytes(addr),
});

/** Protobuf `common.NetIPPrefix`. */
export function netIPPrefix(text: string): { ip: Buffer; prefix_length: number } {
  if (text === '') return { ip: Buffer.alloc(0), prefix_length: 0 };
  const p = parsePrefix(text);
  return { ip: addrBytes(p.addr), prefix_length: p.bits };
}
