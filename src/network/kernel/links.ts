// The kernel's links as LinkStatus specs: `ip -json -details link show`, the device's driver and bus
// from sysfs, and a WireGuard link's settings from `wg show <link> dump` (without its keys' secrets).
import { readFile, readlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  defaultBondMaster,
  type BondMasterSpec,
  type WireguardSpec,
} from '../../resources/network/link-kind-specs';
import type { LinkStatusSpec } from '../../resources/network/link-status';
import {
  LINK_TYPE_NUMBER,
  linkFlagsText,
  linkTypeName,
  type OperationalState,
} from '../../resources/network/nethelpers';
import { ipJSON, run } from './command';

export interface KernelLink extends LinkStatusSpec {
  readonly name: string;
}

/** What `ip -json -details link show` prints per link (the fields read here). */
interface IpLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  mtu?: number;
  qdisc?: string;
  master?: string;
  operstate?: string;
  link_type?: string;
  address?: string;
  broadcast?: string;
  permaddr?: string;
  link?: string | null;
  link_index?: number;
  ifalias?: string;
  altnames?: string[];
  linkinfo?: {
    info_kind?: string;
    info_slave_kind?: string;
    info_data?: Record<string, unknown>;
  };
}

/** iproute2's names for link types where they differ from Talos's. */
const IP_LINK_TYPES: Readonly<Record<string, string>> = { none: 'nohdr' };

const OPER_STATES: Readonly<Record<string, OperationalState>> = {
  UNKNOWN: 'unknown',
  NOTPRESENT: 'notPresent',
  DOWN: 'down',
  LOWERLAYERDOWN: 'lowerLayerDown',
  TESTING: 'testing',
  DORMANT: 'dormant',
  UP: 'up',
};

/** iproute2 prints the kernel's flags by name, RUNNING as the absence of NO-CARRIER on an up link. */
function linkFlags(ipFlags: readonly string[]): string {
  const set = new Set(ipFlags.map((f) => (f === 'POINTOPOINT' ? 'POINTTOPOINT' : f)));
  if (set.has('UP') && !set.has('NO-CARRIER')) set.add('RUNNING');
  return linkFlagsText(set);
}

const sysText = async (path: string): Promise<string | undefined> => {
  try {
    return (await readFile(path, 'utf8')).trim();
  } catch {
    return undefined; // speed and duplex read EINVAL while a link is down
  }
};

const sysLink = async (path: string): Promise<string> => {
  try {
    return basename(await readlink(path));
  } catch {
    return '';
  }
};

async function linkType(l: IpLink, sys: string): Promise<string> {
  const name = IP_LINK_TYPES[l.link_type ?? ''] ?? l.link_type ?? '';
  if (name in LINK_TYPE_NUMBER) return name;
  const n = Number(await sysText(join(sys, 'type')));
  return Number.isInteger(n) ? linkTypeName(n) : name;
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d);
const str = (v: unknown, d = ''): string => (typeof v === 'string' ? v : d);

/** The bond's settings as iproute2 prints them, over the kernel's defaults. */
function bondMaster(d: Record<string, unknown>): BondMasterSpec {
  const b = defaultBondMaster();
  const targets = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  return {
    ...b,
    mode: str(d['mode'], b.mode),
    xmitHashPolicy: str(d['xmit_hash_policy'], b.xmitHashPolicy),
    lacpRate: str(d['ad_lacp_rate'], b.lacpRate),
    arpValidate: str(d['arp_validate'], b.arpValidate),
    arpAllTargets: str(d['arp_all_targets'], b.arpAllTargets),
    primaryReselect: str(d['primary_reselect'], b.primaryReselect),
    failOverMac: str(d['fail_over_mac'], b.failOverMac),
    adSelect: str(d['ad_select'], b.adSelect),
    miimon: num(d['miimon']),
    updelay: num(d['updelay']),
    downdelay: num(d['downdelay']),
    arpInterval: num(d['arp_interval']),
    resendIgmp: num(d['resend_igmp'], b.resendIgmp),
    minLinks: num(d['min_links']),
    lpInterval: num(d['lp_interval'], b.lpInterval),
    packetsPerSlave: num(d['packets_per_slave'], b.packetsPerSlave),
    numPeerNotif: num(d['num_peer_notif'], b.numPeerNotif),
    tlbLogicalLb: num(d['tlb_dynamic_lb'], b.tlbLogicalLb),
    allSlavesActive: num(d['all_slaves_active']),
    useCarrier: d['use_carrier'] === undefined ? b.useCarrier : num(d['use_carrier']) === 1,
    adActorSysPrio: num(d['ad_actor_sys_prio'], b.adActorSysPrio),
    adUserPortKey: num(d['ad_user_port_key']),
    peerNotifyDelay: num(d['peer_notify_delay']),
    arpIpTargets: targets(d['arp_ip_target']),
    nsIp6Targets: targets(d['ns_ip6_target']),
    missedMax: num(d['missed_max'], b.missedMax),
  };
}

/** `wg show <link> dump`: the link's public key, port, mark and peers (never a private or preshared key). */
export async function wireguardStatus(
  link: string,
  signal?: AbortSignal,
): Promise<WireguardSpec | undefined> {
  let out: string;
  try {
    out = await run('wg', ['show', link, 'dump'], { signal });
  } catch {
    return undefined;
  }
  const [head, ...peerLines] = out.trim().split('\n');
  const f = (head ?? '').split('\t');
  const port = (v: string | undefined): number => (v === undefined || v === 'off' ? 0 : Number(v));
  return {
    privateKey: '',
    publicKey: f[1] ?? '',
    listenPort: port(f[2]),
    firewallMark: port(f[3]),
    peers: peerLines
      .filter((l) => l !== '')
      .map((l) => {
        const p = l.split('\t');
        return {
          publicKey: p[0] ?? '',
          presharedKey: '',
          endpoint: p[2] === '(none)' ? '' : (p[2] ?? ''),
          allowedIPs: p[3] === '(none)' || !p[3] ? [] : p[3].split(','),
          persistentKeepaliveInterval: port(p[7]),
        };
      }),
  };
}

async function toStatus(l: IpLink, byName: ReadonlyMap<string, number>, sysNet: string): Promise<KernelLink> {
  const sys = join(sysNet, l.ifname);
  const info = l.linkinfo ?? {};
  const kind = info.info_kind ?? '';
  const data = info.info_data ?? {};
  const flags = l.flags ?? [];
  const [speed, duplex, driver, busPath, type] = await Promise.all([
    sysText(join(sys, 'speed')),
    sysText(join(sys, 'duplex')),
    sysLink(join(sys, 'device', 'driver')),
    sysLink(join(sys, 'device')),
    linkType(l, sys),
  ]);
  const speedMbit = Number(speed);
  const ethtool = speed !== undefined && Number.isInteger(speedMbit) && speedMbit > 0;
  const duplexName = duplex === 'full' ? 'Full' : duplex === 'half' ? 'Half' : 'Unknown';
  const status: KernelLink = {
    name: l.ifname,
    alias: l.ifalias ?? '',
    altNames: l.altnames ?? [],
    index: l.ifindex,
    type,
    linkIndex: typeof l.link === 'string' ? (byName.get(l.link) ?? 0) : (l.link_index ?? 0),
    flags: linkFlags(flags),
    hardwareAddr: l.address ?? '',
    permanentAddr: l.permaddr ?? '',
    broadcastAddr: l.broadcast ?? '',
    mtu: l.mtu ?? 0,
    queueDisc: l.qdisc ?? '',
    masterIndex: l.master ? (byName.get(l.master) ?? 0) : 0,
    operationalState: OPER_STATES[l.operstate ?? 'UNKNOWN'] ?? 'unknown',
    kind,
    slaveKind: info.info_slave_kind ?? '',
    busPath,
    pciID: '',
    driver: driver || (['veth', 'bridge', 'bond', 'dummy', 'wireguard'].includes(kind) ? kind : ''),
    driverVersion: '',
    firmwareVersion: '',
    productID: '',
    vendorID: '',
    product: '',
    vendor: '',
    linkState: flags.includes('LOWER_UP'),
    speedMbit: ethtool ? speedMbit : 0,
    port: ethtool && kind === 'veth' ? 'TwistedPair' : 'Other',
    duplex: ethtool ? duplexName : 'Unknown',
  };
  if (kind === 'vlan')
    status.vlan = { vlanID: num(data['id']), vlanProtocol: str(data['protocol'], '802.1Q').toLowerCase() };
  if (kind === 'bond') status.bondMaster = bondMaster(data);
  if (kind === 'bridge')
    status.bridgeMaster = {
      stp: { enabled: num(data['stp_state']) !== 0 },
      vlan: { filteringEnabled: num(data['vlan_filtering']) !== 0 },
    };
  if (kind === 'wireguard') status.wireguard = await wireguardStatus(l.ifname);
  return status;
}

/** Every link of the agent's network namespace. */
export async function readKernelLinks(
  signal?: AbortSignal,
  sysNet = '/sys/class/net',
): Promise<KernelLink[]> {
  const links = await ipJSON<IpLink>(['-details', 'link', 'show'], { signal });
  const byName = new Map(links.map((l) => [l.ifname, l.ifindex]));
  return Promise.all(links.map((l) => toStatus(l, byName, sysNet)));
}
