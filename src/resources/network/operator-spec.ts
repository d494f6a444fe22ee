// OperatorSpecs.net.talos.dev: a network operator to run on a link: a DHCPv4 client, or the shared
// virtual IP. Config layers write theirs to `network-config`; the merged ones live in `network`.
import { netIP } from '../../network/netip';
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';
import { goYAML } from './yaml-shape';

export const OPERATORS = ['dhcp4', 'dhcp6', 'vip'] as const;
export type Operator = (typeof OPERATORS)[number];

export interface DHCP4OperatorSpec {
  routeMetric: number;
  skipHostnameRequest: boolean;
}

export interface VIPOperatorSpec {
  ip: string;
  gratuitousARP: boolean;
}

export interface OperatorSpecSpec {
  operator: Operator;
  linkName: string;
  requireUp: boolean;
  dhcp4?: DHCP4OperatorSpec;
  vip?: VIPOperatorSpec;
  layer: ConfigLayer;
}

/** Talos's OperatorID: `<operator>/<link>`, and `/<ip>` for a VIP. */
export function operatorID(s: Pick<OperatorSpecSpec, 'operator' | 'linkName' | 'vip'>): string {
  return s.operator === 'vip' ? `vip/${s.linkName}/${s.vip?.ip ?? ''}` : `${s.operator}/${s.linkName}`;
}

export const OperatorSpecDefinition = defineResource<OperatorSpecSpec>({
  type: 'OperatorSpecs.net.talos.dev',
  defaultNamespace: 'network',
  sensitive: true,
  protoSpec: 'talos.resource.definitions.network.OperatorSpecSpec',
  toProto: (s) => ({
    operator: OPERATORS.indexOf(s.operator),
    link_name: s.linkName,
    require_up: s.requireUp,
    dhcp4: s.dhcp4 && {
      route_metric: s.dhcp4.routeMetric,
      skip_hostname_request: s.dhcp4.skipHostnameRequest,
    },
    vip: s.vip && { ip: netIP(s.vip.ip), gratuitous_arp: s.vip.gratuitousARP },
    config_layer: configLayerNumber(s.layer),
  }),
  toYAML: (s) =>
    goYAML([
      ['operator', s.operator],
      ['linkName', s.linkName],
      ['requireUp', s.requireUp],
      [
        'dhcp4?',
        s.dhcp4 &&
          goYAML([
            ['routeMetric', s.dhcp4.routeMetric],
            ['skipHostnameRequest?', s.dhcp4.skipHostnameRequest],
          ]),
      ],
      [
        'vip?',
        s.vip &&
          goYAML([
            ['ip', s.vip.ip],
            ['gratuitousARP', s.vip.gratuitousARP],
          ]),
      ],
      ['layer', s.layer],
    ]),
});
