// The kernel's addresses as AddressStatus specs (`ip -json address show`).
import type { AddressStatusSpec } from '../../resources/network/address-status';
import { addressFlagsText, type Scope } from '../../resources/network/nethelpers';
import { canonicalAddr } from '../netip';
import { ipJSON } from './command';

export type KernelAddress = AddressStatusSpec;

interface IpAddrInfo {
  family: string;
  local?: string;
  address?: string;
  prefixlen: number;
  scope?: string;
  broadcast?: string;
  anycast?: string;
  metric?: number;
  [flag: string]: unknown;
}

interface IpAddrLink {
  ifindex: number;
  ifname: string;
  addr_info?: IpAddrInfo[];
}

/** iproute2's boolean keys for IFA_F_* flags, by Talos's names (permanent is the absence of `dynamic`). */
const FLAG_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['temporary', 'temporary'],
  ['secondary', 'temporary'],
  ['nodad', 'nodad'],
  ['optimistic', 'optimistic'],
  ['dadfailed', 'dadfailed'],
  ['home', 'homeaddress'],
  ['deprecated', 'deprecated'],
  ['tentative', 'tentative'],
  ['mngtmpaddr', 'mngmtmpaddr'],
  ['noprefixroute', 'noprefixroute'],
  ['autojoin', 'mcautojoin'],
  ['stable-privacy', 'stableprivacy'],
];

const SCOPES: Readonly<Record<string, Scope>> = {
  global: 'global',
  site: 'site',
  link: 'link',
  host: 'host',
  nowhere: 'nowhere',
};

function toStatus(link: IpAddrLink, a: IpAddrInfo): KernelAddress | undefined {
  if (a.family !== 'inet' && a.family !== 'inet6') return undefined;
  const local = a.local ?? a.address;
  if (local === undefined) return undefined;
  // The prefix carries IFA_ADDRESS (the peer on a point-to-point link), as Talos shows it.
  const address = canonicalAddr(a.address ?? local);
  const flags = new Set(FLAG_KEYS.filter(([key]) => a[key] === true).map(([, name]) => name));
  if (a['dynamic'] !== true) flags.add('permanent');
  const v4 = a.family === 'inet';
  return {
    address: `${address}/${a.prefixlen}`,
    local: v4 ? canonicalAddr(local) : '',
    broadcast: a.broadcast ? canonicalAddr(a.broadcast) : '',
    anycast: a.anycast ? canonicalAddr(a.anycast) : '',
    multicast: '',
    linkIndex: link.ifindex,
    linkName: link.ifname,
    family: v4 ? 'inet4' : 'inet6',
    scope: SCOPES[a.scope ?? 'global'] ?? 'global',
    flags: addressFlagsText(flags),
    priority: a.metric ?? 0,
  };
}

/** Every address of the agent's network namespace. */
export async function readKernelAddresses(signal?: AbortSignal): Promise<KernelAddress[]> {
  const links = await ipJSON<IpAddrLink>(['address', 'show'], { signal });
  return links.flatMap((l) => (l.addr_info ?? []).map((a) => toStatus(l, a)).filter((a) => a !== undefined));
}
