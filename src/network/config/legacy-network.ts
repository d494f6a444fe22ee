// The legacy `machine.network` section of the v1alpha1 document as configuration-layer specs:
// interfaces (by name or device selector) with addresses, routes, MTU, DHCP, VLANs, a bond, a bridge,
// WireGuard, a dummy link and a VIP; nameservers and search domains; extra host entries.
import type { ConfigLayer } from '../../resources/network/config-layer';
import type { BondMasterSpec } from '../../resources/network/link-kind-specs';
import {
  addressSpec,
  DEFAULT_ROUTE_METRIC,
  emptyIntent,
  linkSpec,
  addRoute,
  type NetworkIntent,
} from './intent';
import { bondMasterFrom, wireguardFrom } from './link-kind-settings';
import { selectLinks, type SelectableLink } from './device-selector';
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

/** Problems met while reading the config (invalid entries are left out, as Talos logs and skips them). */
export type Problems = string[];

/** The legacy VLAN link's name, as Talos names it. */
export const vlanLinkName = (parent: string, id: number): string => `${parent}.${id}`;

const bondMaster = (b: Obj): BondMasterSpec =>
  bondMasterFrom(b, {
    mode: 'mode',
    resendIgmp: 'resendIgmp',
    tlbLogicalLb: 'tlbDynamicLb',
    peerNotifyDelay: 'peerNotifyDelay',
    arpIpTargets: 'arpIPTarget',
  });

/** Addresses, routes, DHCP and VIP of an interface or a VLAN, for link `name`. */
function common(out: NetworkIntent, problems: Problems, name: string, c: Obj): void {
  const addresses = strings(c['addresses']);
  if (str(c['cidr']) !== '') addresses.push(str(c['cidr']));
  for (const a of addresses) {
    try {
      out.addresses.push(addressSpec(a, name, LAYER));
    } catch (e: unknown) {
      problems.push(`${name}: address ${JSON.stringify(a)}: ${errorMessage(e)}`);
    }
  }
  for (const raw of list(c['routes'])) {
    const r = obj(raw) ?? {};
    const route = {
      destination: str(r['network']),
      gateway: str(r['gateway']),
      source: str(r['source']),
      metric: num(r['metric']),
      mtu: num(r['mtu']),
    };
    addRoute(out, problems, route, name, LAYER);
  }
  if (c['dhcp'] === true) {
    const options = obj(c['dhcpOptions']) ?? {};
    if (options['ipv4'] !== false)
      out.operators.push({
        operator: 'dhcp4',
        linkName: name,
        requireUp: true,
        dhcp4: {
          routeMetric: num(options['routeMetric']) || DEFAULT_ROUTE_METRIC,
          skipHostnameRequest: false,
        },
        layer: LAYER,
      });
  }
  const vip = str(obj(c['vip'])?.['ip']);
  if (vip !== '')
    out.operators.push({
      operator: 'vip',
      linkName: name,
      requireUp: true,
      vip: { ip: vip, gratuitousARP: true },
      layer: LAYER,
    });
}

/** The link an interface entry names, by name or by its device selector (undefined when none matches). */
function interfaceName(iface: Obj, links: readonly SelectableLink[]): string | undefined {
  const selector = obj(iface['deviceSelector']);
  if (selector) return selectLinks(selector, links)[0];
  return str(iface['interface']) || undefined;
}

/** `machine.network` as specs of the configuration layer; `links` resolves device selectors. */
export function legacyNetworkIntent(
  network: Obj | undefined,
  links: readonly SelectableLink[],
  problems: Problems = [],
): NetworkIntent {
  const out = emptyIntent();
  if (!network) return out;
  for (const raw of list(network['interfaces'])) {
    const iface = obj(raw);
    if (!iface || iface['ignore'] === true) continue;
    const name = interfaceName(iface, links);
    if (name === undefined) {
      problems.push('an interface device selector matches no link');
      continue;
    }
    const link = linkSpec(name, LAYER, { mtu: num(iface['mtu']) });
    const bond = obj(iface['bond']);
    const bridge = obj(iface['bridge']);
    const wg = obj(iface['wireguard']);
    if (bond) {
      Object.assign(link, { logical: true, kind: 'bond', bondMaster: bondMaster(bond) });
      const members = strings(bond['interfaces']);
      for (const sel of list(bond['deviceSelectors'])) members.push(...selectLinks(obj(sel) ?? {}, links));
      members.forEach((m, i) =>
        out.links.push(linkSpec(m, LAYER, { bondSlave: { masterName: name, slaveIndex: i } })),
      );
    } else if (bridge) {
      Object.assign(link, {
        logical: true,
        kind: 'bridge',
        bridgeMaster: {
          stp: { enabled: obj(bridge['stp'])?.['enabled'] === true },
          vlan: { filteringEnabled: obj(bridge['vlan'])?.['vlanFiltering'] === true },
        },
      });
      for (const m of strings(bridge['interfaces']))
        out.links.push(linkSpec(m, LAYER, { bridgeSlave: { masterName: name } }));
    } else if (wg) {
      Object.assign(link, { logical: true, kind: 'wireguard', type: 'nohdr', wireguard: wireguardFrom(wg) });
    } else if (iface['dummy'] === true) {
      Object.assign(link, { logical: true, kind: 'dummy' });
    }
    out.links.push(link);
    common(out, problems, name, iface);
    for (const vraw of list(iface['vlans'])) {
      const vlan = obj(vraw) ?? {};
      const id = num(vlan['vlanId']);
      const vname = vlanLinkName(name, id);
      out.links.push(
        linkSpec(vname, LAYER, {
          logical: true,
          kind: 'vlan',
          parentName: name,
          mtu: num(vlan['mtu']),
          vlan: { vlanID: id, vlanProtocol: '802.1q' },
        }),
      );
      common(out, problems, vname, vlan);
    }
  }
  const nameservers = strings(network['nameservers']);
  const searchDomains = strings(network['searchDomains']);
  if (nameservers.length > 0 || searchDomains.length > 0)
    out.resolvers = { dnsServers: nameservers, layer: LAYER, searchDomains };
  for (const raw of list(network['extraHostEntries'])) {
    const e = obj(raw) ?? {};
    if (str(e['ip']) !== '') out.hosts.push({ ip: str(e['ip']), hostnames: strings(e['aliases']) });
  }
  return out;
}
