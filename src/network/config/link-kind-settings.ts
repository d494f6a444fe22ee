// A bond's and a WireGuard link's settings from either form of network config (the v1alpha1 `bond` and
// `wireguard` of an interface, or a BondConfig and WireguardConfig document): the same settings, read
// from keys that are mostly spelled alike. Unset bond keys keep the kernel's defaults (`defaultBondMaster`).
import {
  defaultBondMaster,
  type BondMasterSpec,
  type WireguardSpec,
} from '../../resources/network/link-kind-specs';
import { asList, asRecord, asStrings, numberOrZero, stringOrEmpty } from '../../untyped-values';
import { parseGoDurationSeconds } from './go-duration-seconds';

/** The keys that the two forms spell differently; a form without a setting leaves its key out. */
export interface BondKeys {
  readonly mode: string;
  readonly resendIgmp: string;
  readonly tlbLogicalLb: string;
  readonly peerNotifyDelay: string;
  readonly arpIpTargets: string;
  readonly nsIp6Targets?: string;
  readonly missedMax?: string;
}

export function bondMasterFrom(b: Readonly<Record<string, unknown>>, keys: BondKeys): BondMasterSpec {
  const d = defaultBondMaster();
  const s = (k: string, dflt: string): string => {
    const v = b[k];
    return typeof v === 'string' && v !== '' ? v : dflt;
  };
  const n = (k: string | undefined, dflt: number): number => {
    const v = k === undefined ? undefined : b[k];
    return typeof v === 'number' ? v : dflt;
  };
  return {
    ...d,
    mode: s(keys.mode, d.mode),
    xmitHashPolicy: s('xmitHashPolicy', d.xmitHashPolicy),
    lacpRate: s('lacpRate', d.lacpRate),
    arpValidate: s('arpValidate', d.arpValidate),
    arpAllTargets: s('arpAllTargets', d.arpAllTargets),
    primaryReselect: s('primaryReselect', d.primaryReselect),
    failOverMac: s('failOverMac', d.failOverMac),
    adSelect: s('adSelect', d.adSelect),
    miimon: n('miimon', d.miimon),
    updelay: n('updelay', d.updelay),
    downdelay: n('downdelay', d.downdelay),
    arpInterval: n('arpInterval', d.arpInterval),
    resendIgmp: n(keys.resendIgmp, d.resendIgmp),
    minLinks: n('minLinks', d.minLinks),
    lpInterval: n('lpInterval', d.lpInterval),
    packetsPerSlave: n('packetsPerSlave', d.packetsPerSlave),
    numPeerNotif: n('numPeerNotif', d.numPeerNotif),
    tlbLogicalLb: n(keys.tlbLogicalLb, d.tlbLogicalLb),
    allSlavesActive: n('allSlavesActive', d.allSlavesActive),
    useCarrier: typeof b['useCarrier'] === 'boolean' ? b['useCarrier'] : d.useCarrier,
    adActorSysPrio: n('adActorSysPrio', d.adActorSysPrio),
    adUserPortKey: n('adUserPortKey', d.adUserPortKey),
    peerNotifyDelay: n(keys.peerNotifyDelay, d.peerNotifyDelay),
    arpIpTargets: asStrings(b[keys.arpIpTargets]),
    nsIp6Targets: keys.nsIp6Targets === undefined ? d.nsIp6Targets : asStrings(b[keys.nsIp6Targets]),
    missedMax: n(keys.missedMax, d.missedMax),
  };
}

/** WireGuard settings; both forms spell them alike. The public key is the kernel's to report. */
export function wireguardFrom(w: Readonly<Record<string, unknown>>): WireguardSpec {
  return {
    privateKey: stringOrEmpty(w['privateKey']),
    publicKey: '',
    listenPort: numberOrZero(w['listenPort']),
    firewallMark: numberOrZero(w['firewallMark']),
    peers: asList(w['peers']).map((raw) => {
      const p = asRecord(raw) ?? {};
      return {
        publicKey: stringOrEmpty(p['publicKey']),
        presharedKey: stringOrEmpty(p['presharedKey']),
        endpoint: stringOrEmpty(p['endpoint']),
        persistentKeepaliveInterval: parseGoDurationSeconds(stringOrEmpty(p['persistentKeepaliveInterval'])),
        allowedIPs: asStrings(p['allowedIPs']),
      };
    }),
  };
}
