// The multi-document network kinds as configuration-layer specs: LinkConfig, VLANConfig, BondConfig,
// BridgeConfig, DummyLinkConfig, WireguardConfig (each with addresses, routes and MTU), DHCPv4Config,
// Layer2VIPConfig, ResolverConfig and StaticHostConfig.
import type { ConfigDocument } from '../../config';
import type { ConfigLayer } from '../../resources/network/config-layer';
import { defaultBondMaster, type BondMasterSpec } from '../../resources/network/link-kind-specs';
import type { LinkSpecSpec } from '../../resources/network/link-spec';
import {
  addressSpec,
  DEFAULT_ROUTE_METRIC,
  emptyIntent,
  linkSpec,
  routeSpec,
  type NetworkIntent,
} from './intent';
import { parseGoDurationSeconds } from './go-duration-seconds';
import type { Problems } from './legacy-network';
import { errorMessage } from '../../error-message';

type Obj = Readonly<Record<string, unknown>>;
const LAYER: ConfigLayer = 'configuration';

const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const strings = (v: unknown): string[] => list(v).filter((s): s is string => typeof s === 'string');

const message = (e: unknown): string => errorMessage(e);

function bondMaster(d: Obj): BondMasterSpec {
  const b = defaultBondMaster();
  const s = (k: string, dflt: string): string => str(d[k]) || dflt;
  const n = (k: string, dflt: number): number => (typeof d[k] === 'number' ? d[k] : dflt);
  return {
    ...b,
    mode: s('bondMode', b.mode),
    xmitHashPolicy: s('xmitHashPolicy', b.xmitHashPolicy),
    lacpRate: s('lacpRate', b.lacpRate),
    arpValidate: s('arpValidate', b.arpValidate),
    arpAllTargets: s('arpAllTargets', b.arpAllTargets),
    primaryReselect: s('primaryReselect', b.primaryReselect),
    failOverMac: s('failOverMac', b.failOverMac),
    adSelect: s('adSelect', b.adSelect),
    miimon: n('miimon', b.miimon),
    updelay: n('updelay', b.updelay),
    downdelay: n('downdelay', b.downdelay),
    arpInterval: n('arpInterval', b.arpInterval),
    resendIgmp: n('resendIGMP', b.resendIgmp),
    minLinks: n('minLinks', b.minLinks),
    lpInterval: n('lpInterval', b.lpInterval),
    packetsPerSlave: n('packetsPerSlave', b.packetsPerSlave),
    numPeerNotif: n('numPeerNotif', b.numPeerNotif),
    tlbLogicalLb: n('tlbLogicalLb', b.tlbLogicalLb),
    allSlavesActive: n('allSlavesActive', b.allSlavesActive),
    useCarrier: typeof d['useCarrier'] === 'boolean' ? d['useCarrier'] : b.useCarrier,
    adActorSysPrio: n('adActorSysPrio', b.adActorSysPrio),
    adUserPortKey: n('adUserPortKey', b.adUserPortKey),
    peerNotifyDelay: n('peerNotifDelay', b.peerNotifyDelay),
    arpIpTargets: strings(d['arpIpTargets']),
    nsIp6Targets: strings(d['nsIp6Targets']),
    missedMax: n('missedMax', b.missedMax),
  };
}

/** The fields every link kind shares: up, MTU, hardware address, addresses and routes. */
function commonLink(
  out: NetworkIntent,
  problems: Problems,
  name: string,
  d: Obj,
  fields: Partial<LinkSpecSpec>,
): void {
  out.links.push(
    linkSpec(name, LAYER, {
      up: d['up'] !== false,
      mtu: num(d['mtu']),
      hardwareAddr: str(d['hardwareAddr']).toLowerCase(),
      ...fields,
    }),
  );
  for (const raw of list(d['addresses'])) {
    const a = obj(raw) ?? {};
    try {
      out.addresses.push(addressSpec(str(a['address']), name, LAYER, num(a['routePriority'])));
    } catch (e: unknown) {
      problems.push(`${name}: address: ${message(e)}`);
    }
  }
  for (const raw of list(d['routes'])) {
    const r = obj(raw) ?? {};
    try {
      out.routes.push(
        routeSpec(
          {
            destination: str(r['destination']),
            gateway: str(r['gateway']),
            source: str(r['source']),
            metric: num(r['metric']),
            mtu: num(r['mtu']),
            table: str(r['table']),
          },
          name,
          LAYER,
        ),
      );
    } catch (e: unknown) {
      problems.push(`${name}: route: ${message(e)}`);
    }
  }
}

function linkDocument(out: NetworkIntent, problems: Problems, doc: ConfigDocument): void {
  const d = doc.data;
  const name = doc.name ?? str(d['name']);
  switch (doc.kind) {
    case 'LinkConfig':
      return commonLink(out, problems, name, d, {});
    case 'DummyLinkConfig':
      return commonLink(out, problems, name, d, { logical: true, kind: 'dummy' });
    case 'VLANConfig':
      return commonLink(out, problems, name, d, {
        logical: true,
        kind: 'vlan',
        parentName: str(d['parent']),
        vlan: { vlanID: num(d['vlanID']), vlanProtocol: str(d['vlanMode']) || '802.1q' },
      });
    case 'BondConfig':
      strings(d['links']).forEach((m, i) =>
        out.links.push(linkSpec(m, LAYER, { bondSlave: { masterName: name, slaveIndex: i } })),
      );
      return commonLink(out, problems, name, d, { logical: true, kind: 'bond', bondMaster: bondMaster(d) });
    case 'BridgeConfig':
      for (const m of strings(d['links']))
        out.links.push(linkSpec(m, LAYER, { bridgeSlave: { masterName: name } }));
      return commonLink(out, problems, name, d, {
        logical: true,
        kind: 'bridge',
        bridgeMaster: {
          stp: { enabled: obj(d['stp'])?.['enabled'] === true },
          vlan: { filteringEnabled: obj(d['vlan'])?.['filtering'] === true },
        },
      });
    case 'WireguardConfig':
      return commonLink(out, problems, name, d, {
        logical: true,
        kind: 'wireguard',
        type: 'nohdr',
        wireguard: {
          privateKey: str(d['privateKey']),
          publicKey: '',
          listenPort: num(d['listenPort']),
          firewallMark: num(d['firewallMark']),
          peers: list(d['peers']).map((raw) => {
            const p = obj(raw) ?? {};
            return {
              publicKey: str(p['publicKey']),
              presharedKey: str(p['presharedKey']),
              endpoint: str(p['endpoint']),
              persistentKeepaliveInterval: parseGoDurationSeconds(str(p['persistentKeepaliveInterval'])),
              allowedIPs: strings(p['allowedIPs']),
            };
          }),
        },
      });
  }
}

const LINK_KINDS = new Set([
  'LinkConfig',
  'DummyLinkConfig',
  'VLANConfig',
  'BondConfig',
  'BridgeConfig',
  'WireguardConfig',
]);

/** The network documents of a config as specs of the configuration layer. */
export function documentsNetworkIntent(
  docs: readonly ConfigDocument[],
  problems: Problems = [],
): NetworkIntent {
  const out = emptyIntent();
  for (const doc of docs) {
    const d = doc.data;
    if (LINK_KINDS.has(doc.kind)) linkDocument(out, problems, doc);
    else if (doc.kind === 'DHCPv4Config')
      out.operators.push({
        operator: 'dhcp4',
        linkName: doc.name ?? '',
        requireUp: true,
        dhcp4: {
          routeMetric: num(d['routeMetric']) || DEFAULT_ROUTE_METRIC,
          skipHostnameRequest: d['ignoreHostname'] === true,
        },
        layer: LAYER,
      });
    else if (doc.kind === 'Layer2VIPConfig')
      out.operators.push({
        operator: 'vip',
        linkName: str(d['link']),
        requireUp: true,
        vip: { ip: doc.name ?? '', gratuitousARP: true },
        layer: LAYER,
      });
    else if (doc.kind === 'ResolverConfig') {
      const search = obj(d['searchDomains']) ?? {};
      out.resolvers = {
        dnsServers: list(d['nameservers'])
          .map((n) => str(obj(n)?.['address']))
          .filter((a) => a !== ''),
        layer: LAYER,
        searchDomains: strings(search['domains']),
      };
    } else if (doc.kind === 'StaticHostConfig')
      out.hosts.push({ ip: doc.name ?? '', hostnames: strings(d['hostnames']) });
  }
  return out;
}
