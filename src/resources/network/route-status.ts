// RouteStatuses.net.talos.dev: a route the kernel has (ids as Talos's RouteID).
import { defineResource } from '../definition';
import { routeProto, type RouteFields } from './route-spec';
import { goYAML } from './yaml-shape';

export interface RouteStatusSpec extends RouteFields {
  outLinkIndex: number;
}

export const RouteStatusDefinition = defineResource<RouteStatusSpec>({
  type: 'RouteStatuses.net.talos.dev',
  defaultNamespace: 'network',
  aliases: ['route', 'routes'],
  printColumns: [
    { name: 'Destination', jsonPath: '{.dst}' },
    { name: 'Gateway', jsonPath: '{.gateway}' },
    { name: 'Link', jsonPath: '{.outLinkName}' },
    { name: 'Metric', jsonPath: '{.priority}' },
  ],
  protoSpec: 'talos.resource.definitions.network.RouteStatusSpec',
  toProto: (s) => {
    const { out_link_name, ...rest } = routeProto(s);
    return { ...rest, out_link_index: s.outLinkIndex, out_link_name };
  },
  toYAML: (s) =>
    goYAML([
      ['family', s.family],
      ['dst', s.dst],
      ['src', s.src],
      ['gateway', s.gateway],
      ['outLinkIndex?', s.outLinkIndex],
      ['outLinkName?', s.outLinkName],
      ['table', s.table],
      ['priority', s.priority],
      ['scope', s.scope],
      ['type', s.type],
      ['flags', s.flags],
      ['protocol', s.protocol],
      ['mtu?', s.mtu],
    ]),
});
