// The kernel command line as network specs of the cmdline layer (Talos's CmdlineNetworking): `ip=` with
// an address gives its link (the named one, else the first physical link) that address, a default
// route through its gateway and its DNS servers; `ip=dhcp` (or `ip=<link>:dhcp`) a DHCPv4 operator.
// On metal the boot brings this up before machined starts (src/platform/metal); here it becomes part of
// the model, which keeps it and shows it (`talosctl get addressspecs` etc.), below the machine config.
import type { KernelParams } from '../../platform/metal/kernel-params';
import {
  addressSpec,
  DEFAULT_ROUTE_METRIC,
  emptyIntent,
  linkSpec,
  routeSpec,
  type NetworkIntent,
} from './intent';

/** `ip=` of `params` as cmdline-layer specs; `firstLink` names the link when `ip=` names none. */
export function cmdlineNetworkIntent(params: KernelParams, firstLink: string | undefined): NetworkIntent {
  const out = emptyIntent();
  const ip = params.ip;
  if (!ip) return out;
  const link = ip.device ?? firstLink;
  if (link === undefined) return out;
  if (ip.autoconf === 'dhcp' || (ip.address === undefined && ip.autoconf === undefined)) {
    out.links.push(linkSpec(link, 'cmdline'));
    out.operators.push({
      operator: 'dhcp4',
      linkName: link,
      requireUp: true,
      dhcp4: { routeMetric: DEFAULT_ROUTE_METRIC, skipHostnameRequest: false },
      layer: 'cmdline',
    });
    return out;
  }
  if (ip.address === undefined) return out;
  out.links.push(linkSpec(link, 'cmdline'));
  out.addresses.push(addressSpec(`${ip.address}/${ip.prefix ?? 32}`, link, 'cmdline'));
  if (ip.gateway) out.routes.push(routeSpec({ gateway: ip.gateway }, link, 'cmdline'));
  if (ip.dns.length > 0) out.resolvers = { dnsServers: [...ip.dns], layer: 'cmdline', searchDomains: [] };
  return out;
}
