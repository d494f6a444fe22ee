// RoutingRuleSpecs.net.talos.dev: a policy routing rule to install (`ip rule`). Config layers write
// theirs to `network-config` (ids `<layer>/` and Talos's RoutingRuleID); merged ones live in `network`.
import { netIPPrefix } from '../../network/netip';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import { FAMILY_NUMBER, routingTableNumber, type Family } from './nethelpers';
import { goYAML } from './yaml-shape';

/** FR_ACT_* by Talos's name (its RoutingRuleAction); the kernel's goto and nop have no name there. */
export const RULE_ACTION_NUMBER: Readonly<Record<string, number>> = {
  unspec: 0,
  unicast: 1,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
};
export type RuleAction = 'unspec' | 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

export const ruleActionNumber = (a: string): number =>
  RULE_ACTION_NUMBER[a] ?? Number(/^RoutingRuleAction\((\d+)\)$/.exec(a)?.[1] ?? 0);

export interface RoutingRuleFields {
  family: Family;
  /** `addr/bits`, or '' for any source. */
  src: string;
  /** `addr/bits`, or '' for any destination. */
  dst: string;
  /** `unspec`, `main`, `local`, `default`, or a number as text. */
  table: string;
  priority: number;
  /** A RuleAction, or `RoutingRuleAction(<n>)` for one Talos does not name. */
  action: string;
  iifName: string;
  oifName: string;
  fwMark: number;
  fwMask: number;
}

export interface RoutingRuleSpecSpec extends RoutingRuleFields {
  layer: ConfigLayer;
}

/** Talos's RoutingRuleID: `<family>/<priority, five digits>`. */
export const routingRuleID = (r: Pick<RoutingRuleFields, 'family' | 'priority'>): string =>
  `${r.family}/${String(r.priority).padStart(5, '0')}`;

/** The protobuf fields both rule resources share. */
export function routingRuleProto(s: RoutingRuleFields): Record<string, unknown> {
  return {
    family: FAMILY_NUMBER[s.family],
    src: netIPPrefix(s.src),
    dst: netIPPrefix(s.dst),
    table: routingTableNumber(s.table),
    priority: s.priority,
    action: ruleActionNumber(s.action),
    iif_name: s.iifName,
    oif_name: s.oifName,
    fw_mark: s.fwMark,
    fw_mask: s.fwMask,
  };
}

/** The YAML fields both rule resources share, in Talos's order. */
export const routingRuleYAML = (s: RoutingRuleFields): Array<[string, unknown]> => [
  ['family', s.family],
  ['src', s.src],
  ['dst', s.dst],
  ['table', s.table],
  ['priority', s.priority],
  ['action', s.action],
  ['iifName?', s.iifName],
  ['oifName?', s.oifName],
  ['fwMark?', s.fwMark],
  ['fwMask?', s.fwMask],
];

export const RoutingRuleSpecDefinition = defineResource<RoutingRuleSpecSpec>({
  type: 'RoutingRuleSpecs.net.talos.dev',
  defaultNamespace: 'network',
  protoSpec: 'talos.resource.definitions.network.RoutingRuleSpecSpec',
  toProto: (s) => ({ ...routingRuleProto(s), config_layer: configLayerNumber(s.layer) }),
  toYAML: (s) => goYAML([...routingRuleYAML(s), ['layer', s.layer]]),
});
