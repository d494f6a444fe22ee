// The multi-document network kinds as configuration-layer specs: LinkConfig, VLANConfig, BondConfig,
// BridgeConfig, DummyLinkConfig, WireguardConfig (each with addresses, routes and MTU), DHCPv4Config,
// Layer2VIPConfig, ResolverConfig and StaticHostConfig.
import type { ConfigDocument } from '../../config';
import type { ConfigLayer } from '../../resources/network/config-layer';
import type { BondMasterSpec } from '../../resources/network/link-kind-specs';
import type { LinkSpecSpec } from '../../resources/network/link-spec';
import {
  addressSpec,
  DEFAULT_ROUTE_METRIC,
  emptyIntent,
  linkSpec,
  addRoute,
  type NetworkIntent,
} from './intent';
import { bondMasterFrom, wireguardFrom } from './link-kind-settings';
import type { Problems } from './legacy-network';
import { errorMessage } from '../../error-message';
import {
  asList as list,
  asRecord as obj,
  asStrings as strings,
  numberOrZero as num,
  stringOrEmpty as str,
} from '../../untyped-values';

type Obj = Readonly<Record<string, unknown>>;
const LAYER: ConfigLayer = 'configuration';

const bondMaster = (d: Obj): BondMasterSpec =>
  bondMasterFrom(d, {
    mode: 'bondMode',
    resendIgmp: 'resendIGMP',
    tlbLogicalLb: 'tlbLogicalLb',
    peerNotifyDelay: 'peerNotifDelay',
    arpIpTargets: 'arpIpTargets',
    nsIp6Targets: 'nsIp6Targets',
    missedMax: 'missedMax',
  });

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
      problems.push(`${name}: address: ${errorMessage(e)}`);
    }
  }
  for (const raw of list(d['routes'])) {
    const r = obj(raw) ?? {};
    const route = {
      destination: str(r['destination']),
      gateway: str(r['gateway']),
      source: str(r['source']),
      metric: num(r['metric']),
      mtu: num(r['mtu']),
      table: str(r['table']),
    };
    addRoute(out, problems, route, name, LAYER);
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
        wireguard: wireguardFrom(d),
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
