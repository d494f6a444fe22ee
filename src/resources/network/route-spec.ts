// RouteSpecs.net.talos.dev: a route to install. Config layers write theirs to `network-config`
// (ids `<layer>/` and Talos's RouteID); merged ones live in `network`.
import { netIP, netIPPrefix } from '../../network/netip';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import {
  enumIndex,
  FAMILY_NUMBER,
  ROUTE_PROTOCOL_NUMBER,
  ROUTE_TYPES,
  routeFlagsNumber,
  routingTableNumber,
  SCOPE_NUMBER,
  type Family,
  type RouteType,
  type Scope,
} from './nethelpers';
import { goYAML } from './yaml-shape';

export interface RouteFields {
  family: Family;
  /** `addr/bits`, or '' for the default route. */
  dst: string;
  src: string;
  gateway: string;
  outLinkName: string;
  /** `main`, `local`, or a number as text. */
  table: string;
  priority: number;
  scope: Scope;
  type: RouteType;
  flags: string;
  protocol: string;
  mtu: number;
}

export interface RouteSpecSpec extends RouteFields {
  layer: ConfigLayer;
}

/** Talos's RouteID: `[<table>/][<link>/ for IPv6]<family>/<gateway>/<dst>/<priority>`. */
export function routeID(
  r: Pick<RouteFields, 'family' | 'gateway' | 'dst' | 'table' | 'priority' | 'outLinkName'>,
): string {
  const table = r.table === 'main' ? '' : `${r.table}/`;
  const link = r.family === 'inet6' ? `${r.outLinkName}/` : '';
  return `${table}${link}${r.family}/${r.gateway}/${r.dst}/${r.priority}`;
}

/** The protobuf fields every route resource shares. */
export function routeProto(s: RouteFields): Record<string, unknown> {
  return {
    family: FAMILY_NUMBER[s.family],
    destination: netIPPrefix(s.dst),
    source: netIP(s.src),
    gateway: netIP(s.gateway),
    out_link_name: s.outLinkName,
    table: routingTableNumber(s.table),
    priority: s.priority,
    scope: SCOPE_NUMBER[s.scope],
    type: enumIndex(ROUTE_TYPES, s.type),
    flags: routeFlagsNumber(s.flags),
    protocol: ROUTE_PROTOCOL_NUMBER[s.protocol] ?? 0,
    mtu: s.mtu,
  };
}

export const RouteSpecDefinition = defineResource<RouteSpecSpec>({
  type: 'RouteSpecs.net.talos.dev',
  defaultNamespace: 'network',
  protoSpec: 'talos.resource.definitions.network.RouteSpecSpec',
  toProto: (s) => ({ ...routeProto(s), config_layer: configLayerNumber(s.layer) }),
  toYAML: (s) =>
    goYAML([
      ['family', s.family],
      ['dst', s.dst],
      ['src', s.src],
      ['gateway', s.gateway],
      ['outLinkName?', s.outLinkName],
      ['table', s.table],
      ['priority?', s.priority],
      ['scope', s.scope],
      ['type', s.type],
      ['flags', s.flags],
      ['protocol', s.protocol],
      ['layer', s.layer],
      ['mtu?', s.mtu],
    ]),
});
