// What one source of network configuration (the machine config, the kernel command line, a DHCP
// lease) asks for, as the specs Talos's config controllers write for one layer. Each config
// controller takes its own part of it.
import type { AddressSpecSpec } from '../../resources/network/address-spec';
import type { ConfigLayer } from '../../resources/network/config-layer';
import { emptyLinkSpec, type LinkSpecSpec } from '../../resources/network/link-spec';
import type { OperatorSpecSpec } from '../../resources/network/operator-spec';
import type { ResolverSpecSpec } from '../../resources/network/resolver-spec';
import type { RouteSpecSpec } from '../../resources/network/route-spec';
import type { RoutingRuleSpecSpec } from '../../resources/network/routing-rule-spec';
import { isIPv6, parsePrefix, prefixText } from '../netip';
import { errorMessage } from '../../error-message';

export interface StaticHost {
  readonly ip: string;
  readonly hostnames: readonly string[];
}

export interface NetworkIntent {
  links: LinkSpecSpec[];
  addresses: AddressSpecSpec[];
  routes: RouteSpecSpec[];
  rules: RoutingRuleSpecSpec[];
  resolvers?: ResolverSpecSpec;
  operators: OperatorSpecSpec[];
  hosts: StaticHost[];
}

export const emptyIntent = (): NetworkIntent => ({
  links: [],
  addresses: [],
  routes: [],
  rules: [],
  operators: [],
  hosts: [],
});

/** Talos's DefaultRouteMetric: routes from the config and DHCP without their own metric. */
export const DEFAULT_ROUTE_METRIC = 1024;

/** An address as the config names it (`10.0.0.1/24`; a bare address is a host prefix). */
export function addressSpec(
  text: string,
  linkName: string,
  layer: ConfigLayer,
  priority = 0,
): AddressSpecSpec {
  const p = parsePrefix(text);
  return {
    address: prefixText(p),
    linkName,
    family: isIPv6(p.addr) ? 'inet6' : 'inet4',
    scope: 'global',
    flags: 'permanent',
    announceWithARP: false,
    priority,
    layer,
  };
}

export interface RouteInput {
  readonly destination?: string;
  readonly gateway?: string;
  readonly source?: string;
  readonly metric?: number;
  readonly mtu?: number;
  readonly table?: string;
}

/** A route as the config names it; a destination of /0 (or none) is the default route. */
export function routeSpec(r: RouteInput, linkName: string, layer: ConfigLayer): RouteSpecSpec {
  const dst = r.destination ? parsePrefix(r.destination, false) : undefined;
  const gateway = r.gateway ? parsePrefix(r.gateway).addr : '';
  const family = (dst && isIPv6(dst.addr)) || (gateway !== '' && isIPv6(gateway)) ? 'inet6' : 'inet4';
  return {
    family,
    dst: dst && dst.bits > 0 ? prefixText(dst) : '',
    src: r.source ? parsePrefix(r.source).addr : '',
    gateway,
    outLinkName: linkName,
    table: r.table && r.table !== '' ? r.table : 'main',
    priority: r.metric && r.metric > 0 ? r.metric : DEFAULT_ROUTE_METRIC,
    scope: gateway === '' ? 'link' : 'global',
    type: 'unicast',
    flags: '',
    protocol: 'static',
    mtu: r.mtu ?? 0,
    layer,
  };
}

/** A link the config brings up (and, for a logical one, creates). */
export function linkSpec(name: string, layer: ConfigLayer, fields: Partial<LinkSpecSpec> = {}): LinkSpecSpec {
  return { ...emptyLinkSpec(name, layer), up: true, type: 'ether', ...fields };
}

/** routeSpec() added to `out`, or the reason it cannot be to `problems`. */
export function addRoute(
  out: NetworkIntent,
  problems: string[],
  r: RouteInput,
  linkName: string,
  layer: ConfigLayer,
): void {
  try {
    out.routes.push(routeSpec(r, linkName, layer));
  } catch (e: unknown) {
    problems.push(`${linkName}: route: ${errorMessage(e)}`);
  }
}
