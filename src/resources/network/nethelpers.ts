// The kernel's networking enums as Talos names them in YAML (its nethelpers package), with their
// numbers (the protobuf enum values in talos.resource.definitions.enums, which are the kernel's).
// Specs keep the names; the numbers are for protobuf encoding and netlink's own values.

export type Family = 'inet4' | 'inet6';
export const FAMILY_NUMBER: Readonly<Record<Family, number>> = { inet4: 2, inet6: 10 };

export type Scope = 'global' | 'site' | 'link' | 'host' | 'nowhere';
export const SCOPE_NUMBER: Readonly<Record<Scope, number>> = {
  global: 0,
  site: 200,
  link: 253,
  host: 254,
  nowhere: 255,
};

/** Bit flags, lowest bit first, as Talos prints them (comma-joined). */
const ADDRESS_FLAGS = [
  'temporary',
  'nodad',
  'optimistic',
  'dadfailed',
  'homeaddress',
  'deprecated',
  'tentative',
  'permanent',
  'mngmtmpaddr',
  'noprefixroute',
  'mcautojoin',
  'stableprivacy',
] as const;

const LINK_FLAGS = [
  'UP',
  'BROADCAST',
  'DEBUG',
  'LOOPBACK',
  'POINTTOPOINT',
  'NOTRAILERS',
  'RUNNING',
  'NOARP',
  'PROMISC',
  'ALLMULTI',
  'MASTER',
  'SLAVE',
  'MULTICAST',
  'PORTSEL',
  'AUTOMEDIA',
  'DYNAMIC',
  'LOWER_UP',
  'DORMANT',
  'ECHO',
] as const;

/** Route flags start at bit 8 (RTM_F_NOTIFY). */
const ROUTE_FLAGS = [
  'notify',
  'cloned',
  'equalize',
  'prefix',
  'lookup_table',
  'fib_match',
  'offload',
  'trap',
];

function flagsNumber(names: readonly string[], text: string, shift = 0): number {
  let n = 0;
  for (const f of text.split(',')) {
    const i = names.indexOf(f);
    if (i >= 0) n |= 1 << (i + shift);
  }
  return n >>> 0;
}

/** Canonical order of a set of flags (Talos prints them lowest bit first). */
function flagsText(names: readonly string[], set: Iterable<string>): string {
  const s = new Set(set);
  return names.filter((n) => s.has(n)).join(',');
}

export const addressFlagsNumber = (text: string): number => flagsNumber(ADDRESS_FLAGS, text);
export const addressFlagsText = (set: Iterable<string>): string => flagsText(ADDRESS_FLAGS, set);
export const linkFlagsNumber = (text: string): number => flagsNumber(LINK_FLAGS, text);
export const linkFlagsText = (set: Iterable<string>): string => flagsText(LINK_FLAGS, set);
export const routeFlagsNumber = (text: string): number => flagsNumber(ROUTE_FLAGS, text, 8);

/** ARPHRD_* link types by Talos's name (the common ones; others print as their number). */
export const LINK_TYPE_NUMBER: Readonly<Record<string, number>> = {
  netrom: 0,
  ether: 1,
  ieee802: 6,
  infiniband: 32,
  ipip: 768,
  tunnel6: 769,
  loopback: 772,
  sit: 776,
  gre: 778,
  ip6gre: 823,
  'ieee802.11': 801,
  void: 65535,
  nohdr: 65534,
};

export const linkTypeName = (n: number): string =>
  Object.entries(LINK_TYPE_NUMBER).find(([, v]) => v === n)?.[0] ?? `LinkType(${n})`;

export const OPERATIONAL_STATES = [
  'unknown',
  'notPresent',
  'down',
  'lowerLayerDown',
  'testing',
  'dormant',
  'up',
] as const;
export type OperationalState = (typeof OPERATIONAL_STATES)[number];

export const ROUTE_TYPES = [
  'unspec',
  'unicast',
  'local',
  'broadcast',
  'anycast',
  'multicast',
  'blackhole',
  'unreachable',
  'prohibit',
  'throw',
  'nat',
  'xresolve',
] as const;
export type RouteType = (typeof ROUTE_TYPES)[number];

/** Named routing tables; the rest are their numbers (`"100"`). */
const TABLE_NAMES: Readonly<Record<string, number>> = { unspec: 0, default: 253, main: 254, local: 255 };
export const routingTableNumber = (t: string): number => TABLE_NAMES[t] ?? Number(t);
export const routingTableName = (n: number): string =>
  Object.entries(TABLE_NAMES).find(([, v]) => v === n)?.[0] ?? String(n);

export const ROUTE_PROTOCOL_NUMBER: Readonly<Record<string, number>> = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  ra: 9,
  mrt: 10,
  zebra: 11,
  bird: 12,
  dnrouted: 13,
  xorp: 14,
  ntk: 15,
  dhcp: 16,
  mrtd: 17,
  keepalived: 18,
  babel: 42,
  openr: 99,
  bgp: 186,
  isis: 187,
  ospf: 188,
  rip: 189,
  eigrp: 192,
};

export const BOND_MODES = [
  'balance-rr',
  'active-backup',
  'balance-xor',
  'broadcast',
  '802.3ad',
  'balance-tlb',
  'balance-alb',
] as const;
export const BOND_HASH_POLICIES = ['layer2', 'layer3+4', 'layer2+3', 'encap2+3', 'encap3+4'] as const;
export const LACP_RATES = ['slow', 'fast'] as const;
export const ARP_VALIDATES = [
  'none',
  'active',
  'backup',
  'all',
  'filter',
  'filter-active',
  'filter-backup',
] as const;
export const ARP_ALL_TARGETS = ['any', 'all'] as const;
export const PRIMARY_RESELECTS = ['always', 'better', 'failure'] as const;
export const FAIL_OVER_MACS = ['none', 'active', 'follow'] as const;
export const AD_SELECTS = ['stable', 'bandwidth', 'count'] as const;

export const VLAN_PROTOCOL_NUMBER: Readonly<Record<string, number>> = { '802.1q': 0x8100, '802.1ad': 0x88a8 };

/** ethtool ports by Talos's name. */
export const PORT_NUMBER: Readonly<Record<string, number>> = {
  TwistedPair: 0,
  AUI: 1,
  MII: 2,
  BNC: 4,
  DirectAttach: 5,
  None: 239,
  Other: 255,
};
export const DUPLEX_NUMBER: Readonly<Record<string, number>> = { Half: 0, Full: 1, Unknown: 255 };

export const ADDRESS_SORT_ALGORITHMS = ['v1', 'v2'] as const;
export type AddressSortAlgorithm = (typeof ADDRESS_SORT_ALGORITHMS)[number];

/** Index of a name in an enum list (its protobuf value), 0 when unknown. */
export const enumIndex = (list: readonly string[], name: string): number => Math.max(list.indexOf(name), 0);
