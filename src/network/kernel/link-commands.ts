// The iproute2 and wireguard-tools commands that make a link as its LinkSpec says: create a logical
// link of its kind, change a bond's settings, and a WireGuard link's configuration (keys in the text
// given to `wg setconf` on its standard input, never in arguments).
import {
  defaultBondMaster,
  type BondMasterSpec,
  type WireguardSpec,
} from '../../resources/network/link-kind-specs';
import type { LinkSpecSpec } from '../../resources/network/link-spec';

/** Bond settings as `ip link … type bond` arguments: the mode, then what differs from the defaults. */
export function bondArgs(b: BondMasterSpec, withMode = true): string[] {
  const d = defaultBondMaster();
  const args = withMode ? ['mode', b.mode] : [];
  const set = (name: string, value: string | number, dflt: string | number): void => {
    if (value !== dflt) args.push(name, String(value));
  };
  set('miimon', b.miimon, d.miimon);
  if (b.miimon > 0) {
    set('updelay', b.updelay, d.updelay);
    set('downdelay', b.downdelay, d.downdelay);
  }
  set('use_carrier', b.useCarrier ? 1 : 0, 1);
  if (['balance-xor', '802.3ad', 'balance-tlb', 'balance-alb'].includes(b.mode))
    set('xmit_hash_policy', b.xmitHashPolicy, d.xmitHashPolicy);
  if (b.mode === '802.3ad') {
    set('lacp_rate', b.lacpRate, d.lacpRate);
    set('ad_select', b.adSelect, d.adSelect);
    set('ad_actor_sys_prio', b.adActorSysPrio, d.adActorSysPrio);
    set('ad_user_port_key', b.adUserPortKey, d.adUserPortKey);
  }
  if (b.mode === 'active-backup') set('fail_over_mac', b.failOverMac, d.failOverMac);
  set('primary_reselect', b.primaryReselect, d.primaryReselect);
  set('arp_interval', b.arpInterval, d.arpInterval);
  if (b.arpInterval > 0) {
    set('arp_validate', b.arpValidate, d.arpValidate);
    set('arp_all_targets', b.arpAllTargets, d.arpAllTargets);
    if (b.arpIpTargets.length > 0) args.push('arp_ip_target', b.arpIpTargets.join(','));
  }
  set('min_links', b.minLinks, d.minLinks);
  if (b.mode === 'balance-rr') set('packets_per_slave', b.packetsPerSlave, d.packetsPerSlave);
  set('resend_igmp', b.resendIgmp, d.resendIgmp);
  set('num_grat_arp', b.numPeerNotif, d.numPeerNotif);
  set('all_slaves_active', b.allSlavesActive, d.allSlavesActive);
  set('lp_interval', b.lpInterval, d.lpInterval);
  set('peer_notify_delay', b.peerNotifyDelay, d.peerNotifyDelay);
  if (b.mode === 'balance-tlb') set('tlb_dynamic_lb', b.tlbLogicalLb, d.tlbLogicalLb);
  return args;
}

/** `ip link add` arguments for a logical link, or undefined for a kind we cannot create. */
export function createLinkArgs(spec: LinkSpecSpec): string[] | undefined {
  const mtu = spec.mtu > 0 ? ['mtu', String(spec.mtu)] : [];
  const mac = spec.hardwareAddr !== '' ? ['address', spec.hardwareAddr] : [];
  const head = ['link', 'add', ...(spec.parentName !== '' ? ['link', spec.parentName] : [])];
  const named = [...head, 'name', spec.name, ...mtu, ...mac, 'type', spec.kind];
  switch (spec.kind) {
    case 'bond':
      return [...named, ...bondArgs(spec.bondMaster ?? defaultBondMaster())];
    case 'bridge':
      // STP is set afterwards (a kernel refuses it inside a network namespace: the bridge is made anyway);
      // VLAN filtering only when asked for (a kernel without it refuses even `vlan_filtering 0`).
      return [...named, ...(spec.bridgeMaster?.vlan.filteringEnabled ? ['vlan_filtering', '1'] : [])];
    case 'vlan':
      return [
        ...named,
        'id',
        String(spec.vlan?.vlanID ?? 0),
        'protocol',
        (spec.vlan?.vlanProtocol ?? '802.1q').toUpperCase(),
      ];
    case 'dummy':
    case 'wireguard':
      return named;
    default:
      return undefined;
  }
}

/** A WireGuard link's configuration as `wg setconf` reads it (it replaces the whole configuration). */
export function wireguardConf(w: WireguardSpec): string {
  const lines = ['[Interface]', `PrivateKey = ${w.privateKey}`];
  if (w.listenPort > 0) lines.push(`ListenPort = ${w.listenPort}`);
  if (w.firewallMark > 0) lines.push(`FwMark = ${w.firewallMark}`);
  for (const p of w.peers) {
    lines.push('', '[Peer]', `PublicKey = ${p.publicKey}`);
    if (p.presharedKey !== '') lines.push(`PresharedKey = ${p.presharedKey}`);
    if (p.endpoint !== '') lines.push(`Endpoint = ${p.endpoint}`);
    if (p.allowedIPs.length > 0) lines.push(`AllowedIPs = ${p.allowedIPs.join(', ')}`);
    if (p.persistentKeepaliveInterval > 0)
      lines.push(`PersistentKeepalive = ${p.persistentKeepaliveInterval}`);
  }
  return `${lines.join('\n')}\n`;
}
