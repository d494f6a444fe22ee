// RoutingRuleStatuses.net.talos.dev: a policy routing rule the kernel has (ids as Talos's RoutingRuleID).
import { defineResource } from '../definition';
import { routingRuleProto, routingRuleYAML, type RoutingRuleFields } from './routing-rule-spec';
import { goYAML } from './yaml-shape';

export type RoutingRuleStatusSpec = RoutingRuleFields;

export const RoutingRuleStatusDefinition = defineResource<RoutingRuleStatusSpec>({
  type: 'RoutingRuleStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['routingrule', 'routingrules'],
  printColumns: [
    { name: 'Src', jsonPath: '{.src}' },
    { name: 'Dst', jsonPath: '{.dst}' },
    { name: 'Table', jsonPath: '{.table}' },
    { name: 'Priority', jsonPath: '{.priority}' },
  ],
  protoSpec: 'talos.resource.definitions.network.RoutingRuleStatusSpec',
  toProto: routingRuleProto,
  toYAML: (s) => goYAML(routingRuleYAML(s)),
});
