// TimeServerSpecs.net.talos.dev: the time servers to sync with. Config layers write theirs to
// `network-config` (ids `<layer>/timeservers`); the merged one lives in `network` (id `timeservers`).
import { defineResource } from '../definition';
import { configLayerNumber, type ConfigLayer } from './config-layer';

export const TIME_SERVER_ID = 'timeservers';

export interface TimeServerSpecSpec {
  timeServers: string[];
  layer: ConfigLayer;
}

export const TimeServerSpecDefinition = defineResource<TimeServerSpecSpec>({
  type: 'TimeServerSpecs.net.talos.dev',
  defaultNamespace: 'network',
  protoSpec: 'talos.resource.definitions.network.TimeServerSpecSpec',
  toProto: (s) => ({ ntp_servers: s.timeServers, config_layer: configLayerNumber(s.layer) }),
});
