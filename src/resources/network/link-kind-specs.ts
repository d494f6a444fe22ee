// The kind-specific parts of LinkSpecs and LinkStatuses: VLAN, bond, bridge and WireGuard settings,
// with Talos's YAML field names and the protobuf encoding of each.
import { netIP, netIPPrefix } from '../../network/netip';
import {
  AD_SELECTS,
  ARP_ALL_TARGETS,
  ARP_VALIDATES,
  BOND_HASH_POLICIES,
  BOND_MODES,
  enumIndex,
  FAIL_OVER_MACS,
  LACP_RATES,
  PRIMARY_RESELECTS,
  VLAN_PROTOCOL_NUMBER,
} from './nethelpers';
import { goYAML } from './yaml-shape';

export interface VLANSpec {
  vlanID: number;
  /** `802.1q` or `802.1ad`. */
  vlanProtocol: string;
}

export interface BondMasterSpec {
  mode: string;
  xmitHashPolicy: string;
  lacpRate: string;
  arpValidate: string;
  arpAllTargets: string;
  primaryReselect: string;
  failOverMac: string;
  adSelect: string;
  miimon: number;
  updelay: number;
  downdelay: number;
  arpInterval: number;
  resendIgmp: number;
  minLinks: number;
  lpInterval: number;
  packetsPerSlave: number;
  numPeerNotif: number;
  tlbLogicalLb: number;
  allSlavesActive: number;
  useCarrier: boolean;
  adActorSysPrio: number;
  adUserPortKey: number;
  peerNotifyDelay: number;
  arpIpTargets: string[];
  nsIp6Targets: string[];
  missedMax: number;
}

export interface BridgeMasterSpec {
  stp: { enabled: boolean };
  vlan: { filteringEnabled: boolean };
}

export interface WireguardPeer {
  publicKey: string;
  presharedKey: string;
  endpoint: string;
  /** Seconds. */
  persistentKeepaliveInterval: number;
  allowedIPs: string[];
}

export interface WireguardSpec {
  privateKey: string;
  publicKey: string;
  listenPort: number;
  firewallMark: number;
  peers: WireguardPeer[];
}

/** The kernel's bond defaults (as Talos fills them in when the config leaves them out). */
export function defaultBondMaster(): BondMasterSpec {
  return {
    mode: 'balance-rr',
    xmitHashPolicy: 'layer2',
    lacpRate: 'slow',
    arpValidate: 'none',
    arpAllTargets: 'any',
    primaryReselect: 'always',
    failOverMac: 'none',
    adSelect: 'stable',
    miimon: 0,
    updelay: 0,
    downdelay: 0,
    arpInterval: 0,
    resendIgmp: 1,
    minLinks: 0,
    lpInterval: 1,
    packetsPerSlave: 1,
    numPeerNotif: 1,
    tlbLogicalLb: 1,
    allSlavesActive: 0,
    useCarrier: true,
    adActorSysPrio: 65535,
    adUserPortKey: 0,
    peerNotifyDelay: 0,
    arpIpTargets: [],
    nsIp6Targets: [],
    missedMax: 2,
  };
}

/** Go's time.Duration text for whole seconds (`25s`, `1m0s`, `0s`). */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? `${h}h${m}m${s}s` : `${m}m${s}s`;
}

export const vlanYAML = (v: VLANSpec | undefined) =>
  v &&
  goYAML([
    ['vlanID', v.vlanID],
    ['vlanProtocol', v.vlanProtocol],
  ]);

export const vlanProto = (v: VLANSpec | undefined) =>
  v && { vid: v.vlanID, protocol: VLAN_PROTOCOL_NUMBER[v.vlanProtocol] ?? 0 };

export const bondYAML = (b: BondMasterSpec | undefined) =>
  b &&
  goYAML([
    ['mode', b.mode],
    ['xmitHashPolicy', b.xmitHashPolicy],
    ['lacpRate', b.lacpRate],
    ['arpValidate', b.arpValidate],
    ['arpAllTargets', b.arpAllTargets],
    ['primaryReselect', b.primaryReselect],
    ['failOverMac', b.failOverMac],
    ['adSelect?', b.adSelect === 'stable' ? '' : b.adSelect],
    ['miimon?', b.miimon],
    ['updelay?', b.updelay],
    ['downdelay?', b.downdelay],
    ['arpInterval?', b.arpInterval],
    ['resendIgmp?', b.resendIgmp],
    ['minLinks?', b.minLinks],
    ['lpInterval?', b.lpInterval],
    ['packetsPerSlave?', b.packetsPerSlave],
    ['numPeerNotif?', b.numPeerNotif],
    ['tlbLogicalLb?', b.tlbLogicalLb],
    ['allSlavesActive?', b.allSlavesActive],
    ['useCarrier?', b.useCarrier],
    ['adActorSysPrio?', b.adActorSysPrio],
    ['adUserPortKey?', b.adUserPortKey],
    ['peerNotifyDelay?', b.peerNotifyDelay],
    ['arpIpTargets?', b.arpIpTargets],
    ['nsIp6Targets?', b.nsIp6Targets],
    ['missedMax?', b.missedMax],
  ]);

export const bondProto = (b: BondMasterSpec | undefined) =>
  b && {
    mode: enumIndex(BOND_MODES, b.mode),
    hash_policy: enumIndex(BOND_HASH_POLICIES, b.xmitHashPolicy),
    lacp_rate: enumIndex(LACP_RATES, b.lacpRate),
    arp_validate: enumIndex(ARP_VALIDATES, b.arpValidate),
    arp_all_targets: enumIndex(ARP_ALL_TARGETS, b.arpAllTargets),
    primary_reselect: enumIndex(PRIMARY_RESELECTS, b.primaryReselect),
    fail_over_mac: enumIndex(FAIL_OVER_MACS, b.failOverMac),
    ad_select: enumIndex(AD_SELECTS, b.adSelect),
    mii_mon: b.miimon,
    up_delay: b.updelay,
    down_delay: b.downdelay,
    arp_interval: b.arpInterval,
    resend_igmp: b.resendIgmp,
    min_links: b.minLinks,
    lp_interval: b.lpInterval,
    packets_per_slave: b.packetsPerSlave,
    num_peer_notif: b.numPeerNotif,
    tlb_dynamic_lb: b.tlbLogicalLb,
    all_slaves_active: b.allSlavesActive,
    use_carrier: b.useCarrier,
    ad_actor_sys_prio: b.adActorSysPrio,
    ad_user_port_key: b.adUserPortKey,
    peer_notify_delay: b.peerNotifyDelay,
    arpip_targets: b.arpIpTargets.map(netIP),
    nsip6_targets: b.nsIp6Targets.map(netIP),
    missed_max: b.missedMax,
  };

export const bridgeYAML = (b: BridgeMasterSpec | undefined) =>
  b &&
  goYAML([
    ['stp?', b.stp],
    ['vlan?', b.vlan],
  ]);

export const bridgeProto = (b: BridgeMasterSpec | undefined) =>
  b && { stp: { enabled: b.stp.enabled }, vlan: { filtering_enabled: b.vlan.filteringEnabled } };

/** `withPrivate` false blanks the private and preshared keys (statuses never show them). */
export const wireguardYAML = (w: WireguardSpec | undefined) =>
  w &&
  goYAML([
    ['privateKey?', w.privateKey],
    ['publicKey?', w.publicKey],
    ['listenPort', w.listenPort],
    ['firewallMark', w.firewallMark],
    [
      'peers',
      w.peers.map((p) => ({
        publicKey: p.publicKey,
        presharedKey: p.presharedKey,
        endpoint: p.endpoint,
        persistentKeepaliveInterval: durationText(p.persistentKeepaliveInterval),
        allowedIPs: p.allowedIPs,
      })),
    ],
  ]);

export const wireguardProto = (w: WireguardSpec | undefined) =>
  w && {
    private_key: w.privateKey,
    public_key: w.publicKey,
    listen_port: w.listenPort,
    firewall_mark: w.firewallMark,
    peers: w.peers.map((p) => ({
      public_key: p.publicKey,
      preshared_key: p.presharedKey,
      endpoint: p.endpoint,
      persistent_keepalive_interval: { seconds: p.persistentKeepaliveInterval, nanos: 0 },
      allowed_ips: p.allowedIPs.map(netIPPrefix),
    })),
  };
